// Reply links move the comment form under the comment replied to; Cancel puts it
// back. Without this script the same links reload the page with the form in place.
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  if (!respond) return;
  var form = document.getElementById("commentform");
  var parentField = document.getElementById("id_parent_id");
  var title = document.getElementById("reply-title-text");
  var cancel = document.getElementById("cancel-comment-reply-link");
  var placeholder = document.createElement("div");
  placeholder.id = "respond-placeholder";
  placeholder.hidden = true;
  respond.parentNode.insertBefore(placeholder, respond);

  // A Reply link's title names the comment's writer between FSI and PDI (an
  // attribute holds no markup); the heading shows that name in <bdi>, as the page
  // does, so that a right-to-left name does not reorder the words around it.
  function showTitle(text) {
    title.textContent = "";
    text.split(/[\u2068\u2069]/).forEach(function (part, index) {
      if (index % 2) {
        var isolated = document.createElement("bdi");
        isolated.textContent = part;
        title.appendChild(isolated);
      } else {
        title.appendChild(document.createTextNode(part));
      }
    });
  }

  function focusText() {
    var text = form.querySelector("textarea");
    if (text) text.focus();
  }

  function moveBelow(commentId) {
    var below = document.getElementById("div-comment-" + commentId);
    if (!below) return false;
    below.parentNode.insertBefore(respond, below.nextSibling);
    parentField.value = commentId;
    cancel.hidden = false;
    return true;
  }

  // A page sent with ?replytocom (or refused with a reply in it) has the form at the
  // bottom; show it where the reader is replying.
  if (parentField.value) moveBelow(parentField.value);

  // The Reply link the form was opened from, to give the focus back on Cancel.
  var opener = null;

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.comment-reply-link");
    if (!link) return;
    if (!moveBelow(link.dataset.commentid)) return;
    event.preventDefault();
    opener = link;
    showTitle(link.dataset.replytitle);
    focusText();
  });

  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    placeholder.parentNode.insertBefore(respond, placeholder);
    parentField.value = "";
    title.textContent = title.dataset.default;
    cancel.hidden = true;
    // Back where the reader was: the Reply link, or the text if it is gone.
    if (opener && document.contains(opener)) opener.focus();
    else focusText();
    opener = null;
  });
})();

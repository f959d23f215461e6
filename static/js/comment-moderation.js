// Moderator buttons act in place: the action is posted, then the thread is read
// again from the page and swapped in. The message, focused, stays at the comment,
// above its buttons (after Remove: Restore, the undo), or where the comment was
// when it is no longer shown (spam). Without this
// script each button posts the form and the server redirects back to the comment.
(function () {
  "use strict";
  var section = document.getElementById("comments");
  if (!section) return;
  // One live region, moved to the comment acted on; focused, it is read at once.
  var status = document.createElement("p");
  status.className = "comment-moderation-message";
  status.setAttribute("role", "status");
  status.tabIndex = -1;
  var note = document.createElement("li");
  note.className = "comment-moderation-note";

  function swapThread(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    ["#comments .comment-list", "#comments-title"].forEach(function (selector) {
      var now = document.querySelector(selector);
      var next = fresh.querySelector(selector);
      if (now && next) now.replaceWith(next);
      else if (now) now.remove();
    });
  }

  // Where a comment sits, by the ids of its neighbours, to find the place again
  // in the thread read anew.
  function placeOf(id) {
    var item = document.getElementById("comment-" + id);
    var before = item && item.previousElementSibling;
    var owner = item && item.parentElement.closest("li.comment");
    return {
      id: id,
      before: before && before.id,
      owner: owner && owner.id,
    };
  }

  function byId(id) {
    return id ? document.getElementById(id) : null;
  }

  // Put the message just above the comment's buttons (Tab goes on to them: after
  // Remove, to Restore, the undo) or, if the comment is gone, in a list item where
  // it was; the message takes the focus, so that it is read and nothing is pressed
  // twice by accident.
  function land(place, message) {
    note.remove();
    var body = byId("div-comment-" + place.id);
    if (body) {
      body.insertBefore(status, body.querySelector("form.comment-moderation"));
    } else {
      note.appendChild(status);
      var before = byId(place.before);
      var owner = byId(place.owner);
      var list = owner
        ? owner.querySelector(":scope > ol.children")
        : document.querySelector("#comments .comment-list");
      if (before) before.after(note);
      else if (list) list.prepend(note);
      else if (owner) owner.append(note);
      else section.insertBefore(note, section.firstChild);
    }
    status.textContent = message;
    status.focus();
  }

  section.addEventListener("submit", function (event) {
    var form = event.target.closest("form.comment-moderation");
    if (!form || !window.fetch) return;
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter) data.append(event.submitter.name, event.submitter.value);
    var place = placeOf(data.get("comment"));
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    var message = "";
    // form.action would be the buttons named "action"; the attribute is the URL.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          message = answer.message;
          if (!answer.ok) throw new Error(answer.message);
          return fetch(window.location.pathname + window.location.search, {
            credentials: "same-origin",
          });
        });
      })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        swapThread(html);
        land(place, message);
      })
      .catch(function () {
        buttons.forEach(function (button) { button.disabled = false; });
        land(place, message);
      });
  });
})();

// Moderator buttons act in place: the action is posted, then the thread is read
// again from the page and swapped in. Without this script each button posts the
// form and the server redirects back to the comment.
(function () {
  "use strict";
  var section = document.getElementById("comments");
  if (!section) return;
  var status = document.createElement("p");
  status.className = "comment-moderation-message";
  status.setAttribute("role", "status");
  section.insertBefore(status, section.firstChild);

  function swapThread(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    ["#comments .comment-list", "#comments-title"].forEach(function (selector) {
      var now = document.querySelector(selector);
      var next = fresh.querySelector(selector);
      if (now && next) now.replaceWith(next);
      else if (now) now.remove();
    });
  }

  section.addEventListener("submit", function (event) {
    var form = event.target.closest("form.comment-moderation");
    if (!form || !window.fetch) return;
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter) data.append(event.submitter.name, event.submitter.value);
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    // form.action would be the buttons named "action"; the attribute is the URL.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          status.textContent = answer.message;
          if (!answer.ok) throw new Error(answer.message);
          return fetch(window.location.pathname + window.location.search, {
            credentials: "same-origin",
          });
        });
      })
      .then(function (response) { return response.text(); })
      .then(swapThread)
      .catch(function () {
        buttons.forEach(function (button) { button.disabled = false; });
      });
  });
})();

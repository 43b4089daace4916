/* Progress while an upload is checked or loaded (issue 16). A form marked data-progress="ID" is
   sent by this script instead of the browser, with a random token: the element ID shows how
   much of the file has been sent, then what the server has done (it answers
   /upload/progress/TOKEN.json while it works), and the server's answer then replaces the page
   as a normal form submission would. Without JavaScript the form is sent as usual. */
(function () {
  "use strict";
  var POLL_MS = 500;

  function newToken() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function showPage(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    document.replaceChild(document.adoptNode(page.documentElement), document.documentElement);
    window.scrollTo(0, 0);
    var main = document.getElementById("main");
    if (main) { main.focus(); }
  }

  function send(form, panel) {
    var bar = panel.querySelector("progress");
    var now = panel.querySelector(".progress-now");
    var steps = panel.querySelector(".progress-steps");
    var buttons = document.querySelectorAll("main button");  /* no second submission, no cancel mid-load */
    var token = newToken();
    var data = new FormData(form);
    data.append("progress", token);
    var body = form.enctype === "multipart/form-data" ? data : new URLSearchParams(data);
    var answered = false;
    var timer = null;

    function show(done, total, text) {
      bar.max = total;
      bar.value = done;
      if (now.textContent !== text) { now.textContent = text; }  /* a screen reader hears each change once */
    }

    function poll() {
      fetch("/upload/progress/" + token + ".json", { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (status) {
          if (answered) { return; }
          if (status) {
            show(status.done, status.total, status.title + ": " + status.done + " of " + status.total + " steps done");
            status.steps.slice(steps.children.length).forEach(function (text) {
              var item = document.createElement("li");
              item.textContent = text;
              steps.appendChild(item);
            });
          }
          timer = window.setTimeout(poll, POLL_MS);
        }, function () { if (!answered) { timer = window.setTimeout(poll, POLL_MS); } });
    }

    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        show(event.loaded, event.total, "Sending the file: " + Math.round(100 * event.loaded / event.total) + "% sent");
      }
    });
    request.addEventListener("load", function () {
      answered = true;
      window.clearTimeout(timer);
      showPage(request.responseText);
    });
    request.addEventListener("error", function () {
      answered = true;
      window.clearTimeout(timer);
      now.textContent = "The connection to the server failed: try again.";
      buttons.forEach(function (button) { button.disabled = false; });
    });
    panel.hidden = false;
    buttons.forEach(function (button) { button.disabled = true; });
    request.send(body);
    timer = window.setTimeout(poll, POLL_MS);
  }

  /* A file over the server's limit is sent by the browser as before: the server refuses it at
     once with its own page, before the rest of the file is read. */
  function tooLarge(form) {
    var limit = Number(form.dataset.maxBytes);
    return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return limit > 0 && input.files.length > 0 && input.files[0].size > limit;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var panel = form.dataset && form.dataset.progress ? document.getElementById(form.dataset.progress) : null;
    if (!panel || !window.XMLHttpRequest || !window.FormData || !window.DOMParser || tooLarge(form)) { return; }
    event.preventDefault();
    send(form, panel);
  });
}());

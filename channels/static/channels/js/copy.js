// Copy buttons of the post composer. Without JavaScript the buttons stay hidden
// and the text is selected by hand from its read-only field.
(function () {
  "use strict";
  var status = document.getElementById("channels-copy-status");

  function say(message) {
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 50);
    }
  }

  function fallback(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }

  document.querySelectorAll("button.channels-copy").forEach(function (button) {
    var field = document.getElementById(button.dataset.copyTarget);
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = (status && status.dataset.copied) || "Copied";
      var failed = (status && status.dataset.failed) || "Select the text and copy it";
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { say(done); },
          function () { say(fallback(field) ? done : failed); }
        );
      } else {
        say(fallback(field) ? done : failed);
      }
    });
  });

  // A read-only field selects its whole text when reached, ready to copy.
  document.querySelectorAll(".channels-post textarea, .channels-post input[readonly]").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
})();

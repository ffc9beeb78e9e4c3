// The evidence pack's progress: while a build runs, ask the status address every
// two seconds and show the step reached; once the pack is ready, show its link.
(function () {
  "use strict";
  var box = document.querySelector("[data-ita-pack-progress]");
  if (!box || box.dataset.running !== "true") {
    return;
  }
  var bar = box.querySelector("progress");
  var message = box.querySelector("[role=status]");
  var download = box.querySelector("[data-ita-pack-download]");

  function show(status) {
    bar.hidden = false;
    bar.value = status.percent;
    bar.textContent = status.percent + "%";
    message.textContent = status.message;
    if (status.state === "done") {
      bar.hidden = true;
      download.hidden = false;
    }
    return status.state === "queued" || status.state === "building";
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (show(status)) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

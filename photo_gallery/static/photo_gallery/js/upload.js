/*
 * Many photos into a gallery at once: files dropped or chosen are sent one per
 * request (so a failed file never takes the others with it), each with its own
 * progress bar and the server's message. Without JavaScript the form sends all the
 * files in one request and the page lists the results.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-gallery-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  // Without these the form posts all files at once and the page lists the results.
  var input = form.querySelector('input[type="file"]');
  var dropZone = form.querySelector("[data-drop-zone]");
  var progress = document.querySelector("[data-progress]");
  var list = progress.querySelector("[data-file-list]");
  var summary = progress.querySelector("[data-summary]");
  var reload = progress.querySelector("[data-reload]");
  var token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
  var label = function (name) { return form.getAttribute("data-label-" + name) || ""; };
  var queue = [];
  var busy = false;
  var counts = { ok: 0, failed: 0 };

  function addRow(file) {
    var item = document.createElement("li");
    item.className = "gallery-upload__file";
    var name = document.createElement("span");
    name.className = "gallery-upload__name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    var status = document.createElement("span");
    status.className = "gallery-upload__status";
    status.textContent = label("waiting");
    item.appendChild(name);
    item.appendChild(bar);
    item.appendChild(status);
    list.appendChild(item);
    return { item: item, bar: bar, status: status };
  }

  function finish(row, ok, message) {
    row.bar.value = 100;
    row.status.textContent = message;
    row.item.classList.add(ok ? "gallery-upload--ok" : "gallery-upload--error");
    counts[ok ? "ok" : "failed"] += 1;
    busy = false;
    next();
  }

  function send(job) {
    busy = true;
    var data = new FormData();
    data.append("files", job.file, job.file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRFToken", token);
    job.row.status.textContent = label("uploading");
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) job.row.bar.value = Math.round((event.loaded / event.total) * 95);
    });
    xhr.addEventListener("load", function () {
      var result = null;
      try { result = JSON.parse(xhr.responseText).results[0]; } catch (e) { result = null; }
      if (result) finish(job.row, result.ok, result.message);
      else finish(job.row, false, label("network").replace("{name}", job.file.name));
    });
    xhr.addEventListener("error", function () {
      finish(job.row, false, label("network").replace("{name}", job.file.name));
    });
    xhr.send(data);
  }

  function next() {
    if (busy) return;
    var job = queue.shift();
    if (job) { send(job); return; }
    summary.textContent = label("done")
      .replace("{ok}", String(counts.ok))
      .replace("{failed}", String(counts.failed));
    if (counts.ok) showNewPhotos();
  }

  // The new photos appear in the list below at once: the list (with the draft's
  // new revision number) is read again and drawn in place of the old one, unless
  // the person has changed captions or order there and not saved them yet.
  function showNewPhotos() {
    var section = document.querySelector("[data-photos-section]");
    var photosForm = document.querySelector("[data-gallery-photos]");
    if (!section || !window.fetch || !window.DOMParser ||
        (photosForm && photosForm.hasAttribute("data-dirty"))) {
      if (reload) reload.hidden = false;
      return;
    }
    window.fetch(window.location.pathname, {
      credentials: "same-origin",
      headers: { Accept: "text/html" }
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var fresh = new window.DOMParser().parseFromString(html, "text/html")
        .querySelector("[data-photos-section]");
      if (!fresh) throw new Error("no photo list");
      section.replaceWith(document.importNode(fresh, true));
      summary.textContent = label("listed")
        .replace("{ok}", String(counts.ok))
        .replace("{failed}", String(counts.failed));
      document.dispatchEvent(new Event("gallery:photos-replaced"));
    }).catch(function () {
      if (reload) reload.hidden = false;
    });
  }

  document.addEventListener("input", function (event) {
    var photosForm = event.target.closest && event.target.closest("[data-gallery-photos]");
    if (photosForm) photosForm.setAttribute("data-dirty", "");
  });

  function addFiles(files) {
    if (!files || !files.length) return;
    progress.hidden = false;
    summary.textContent = "";
    Array.prototype.forEach.call(files, function (file) {
      queue.push({ file: file, row: addRow(file) });
    });
    next();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    addFiles(input.files);
    input.value = "";
  });
  input.addEventListener("change", function () {
    addFiles(input.files);
    input.value = "";
  });
  ["dragenter", "dragover"].forEach(function (type) {
    dropZone.addEventListener(type, function (event) {
      event.preventDefault();
      dropZone.classList.add("is-dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    dropZone.addEventListener(type, function () { dropZone.classList.remove("is-dragging"); });
  });
  dropZone.addEventListener("drop", function (event) {
    event.preventDefault();
    addFiles(event.dataTransfer && event.dataTransfer.files);
  });
})();

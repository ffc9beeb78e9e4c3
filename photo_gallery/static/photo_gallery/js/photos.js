/*
 * Reordering the photos of a gallery: drag a row by its handle, or use the Move up /
 * Move down buttons (keyboard and screen readers), and the position fields follow.
 * Without JavaScript the position fields are typed in directly.
 */
(function () {
  "use strict";

  function setUp() {
    var form = document.querySelector("[data-gallery-photos]");
    if (!form) return;
    var list = form.querySelector("[data-photo-list]");
    var announce = form.querySelector("[data-announce]");
    var dragged = null;

    function rows() {
      return Array.prototype.slice.call(list.querySelectorAll("[data-photo-row]"));
    }

    function renumber() {
      // Unsaved changes: a finished upload then asks for a reload instead of
      // redrawing the list over them (upload.js).
      form.setAttribute("data-dirty", "");
      rows().forEach(function (row, index) {
        row.querySelector("[data-order]").value = String(index + 1);
      });
    }

    function said(row) {
      var all = rows();
      announce.textContent = (form.getAttribute("data-label-moved") || "")
        .replace("{number}", String(all.indexOf(row) + 1))
        .replace("{total}", String(all.length));
    }

    rows().forEach(function (row) {
      row.querySelector("[data-moves]").hidden = false;
      row.querySelector("[data-drag-handle]").addEventListener("mousedown", function () {
        row.draggable = true;
      });
      row.addEventListener("dragstart", function (event) {
        dragged = row;
        row.classList.add("is-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", "");
      });
      row.addEventListener("dragend", function () {
        row.draggable = false;
        row.classList.remove("is-dragging");
        rows().forEach(function (r) { r.classList.remove("is-drop-target"); });
        dragged = null;
      });
      row.addEventListener("dragover", function (event) {
        if (!dragged || dragged === row) return;
        event.preventDefault();
        row.classList.add("is-drop-target");
      });
      row.addEventListener("dragleave", function () { row.classList.remove("is-drop-target"); });
      row.addEventListener("drop", function (event) {
        if (!dragged || dragged === row) return;
        event.preventDefault();
        row.classList.remove("is-drop-target");
        var all = rows();
        if (all.indexOf(dragged) < all.indexOf(row)) row.after(dragged);
        else row.before(dragged);
        renumber();
        said(dragged);
      });
      Array.prototype.forEach.call(row.querySelectorAll("[data-move]"), function (button) {
        button.addEventListener("click", function () {
          var step = parseInt(button.getAttribute("data-move"), 10);
          var sibling = step < 0 ? row.previousElementSibling : row.nextElementSibling;
          if (!sibling) return;
          if (step < 0) sibling.before(row);
          else sibling.after(row);
          renumber();
          button.focus();
          row.scrollIntoView({ block: "nearest" });
          said(row);
        });
      });
    });
  }

  setUp();
  // upload.js redraws the list after an upload; its new rows need the same.
  document.addEventListener("gallery:photos-replaced", setUp);
})();

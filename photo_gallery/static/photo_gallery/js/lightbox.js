/*
 * Photo viewer for a gallery page: progressive enhancement over plain links to the
 * large photos. A native <dialog> (modal, Escape closes it), Previous/Next buttons
 * and the arrow keys, the caption announced through a live region, and focus back
 * on the photo that opened it. Without JavaScript the links open the photos.
 */
(function () {
  "use strict";

  function setUp(list) {
    if (typeof HTMLDialogElement !== "function") return; // very old browsers: links
    var links = Array.prototype.slice.call(list.querySelectorAll("a.photo__link"));
    if (!links.length) return;
    var label = function (name) { return list.getAttribute("data-label-" + name) || ""; };
    var current = 0;
    var opener = null;

    var dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-labelledby", "lightbox-title");
    // Read when the viewer opens (a live region that was hidden is not announced).
    dialog.setAttribute("aria-describedby", "lightbox-description");
    dialog.innerHTML =
      '<h2 id="lightbox-title" class="visually-hidden"></h2>' +
      '<figure class="lightbox__figure"><img class="lightbox__image" alt="">' +
      // One live region: the caption and "photo 3 of 40" are read out on each move.
      '<figcaption id="lightbox-description" aria-live="polite">' +
      '<span class="lightbox__caption"></span> ' +
      '<span class="lightbox__position"></span></figcaption></figure>' +
      '<div class="lightbox__controls">' +
      '<button type="button" class="lightbox__prev"></button>' +
      '<button type="button" class="lightbox__next"></button>' +
      '<button type="button" class="lightbox__close"></button></div>';
    document.body.appendChild(dialog);

    var img = dialog.querySelector(".lightbox__image");
    var caption = dialog.querySelector(".lightbox__caption");
    var position = dialog.querySelector(".lightbox__position");
    var prev = dialog.querySelector(".lightbox__prev");
    var next = dialog.querySelector(".lightbox__next");
    var close = dialog.querySelector(".lightbox__close");
    dialog.querySelector("#lightbox-title").textContent = label("dialog");
    prev.textContent = "‹ " + label("previous");
    next.textContent = label("next") + " ›";
    close.textContent = label("close");

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var figure = link.closest("figure");
      var text = figure && figure.querySelector("figcaption");
      img.src = link.href;
      img.alt = link.getAttribute("data-alt") || "";
      img.width = parseInt(link.getAttribute("data-width"), 10) || 0;
      img.height = parseInt(link.getAttribute("data-height"), 10) || 0;
      position.textContent = label("position")
        .replace("{number}", String(current + 1))
        .replace("{total}", String(links.length));
      caption.textContent = text ? text.textContent.trim() : "";
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        opener = link;
        show(index);
        dialog.showModal();
        close.focus();
      });
    });
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    close.addEventListener("click", function () { dialog.close(); });
    // Tab cycles through the three buttons: a modal <dialog> alone lets Tab leave
    // the viewer for the browser's own controls, and a keyboard user loses the photo.
    var buttons = [prev, next, close];
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
      else if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
      else if (event.key === "Tab") {
        var at = buttons.indexOf(document.activeElement);
        var last = buttons.length - 1;
        if (event.shiftKey && at <= 0) { buttons[last].focus(); event.preventDefault(); }
        else if (!event.shiftKey && (at === -1 || at === last)) { buttons[0].focus(); event.preventDefault(); }
      }
    });
    // A click on the backdrop (outside the content) closes the viewer.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("close", function () {
      img.removeAttribute("src");
      if (opener) opener.focus();
    });
  }

  document.querySelectorAll("[data-lightbox]").forEach(setUp);
})();

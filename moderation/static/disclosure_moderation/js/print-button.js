/*
 * "Print" buttons of the printable pages (the request memo, the notice-board poster):
 * any element with data-print opens the browser's print dialog. A file rather than an
 * onclick attribute, which the Content-Security-Policy refuses.
 */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof Element && target.closest("[data-print]")) {
      window.print();
    }
  });
})();

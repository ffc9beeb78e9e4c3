/*
 * Text size (A- A A+) and high contrast, as the visitor chooses them.
 *
 * The choice is kept in this browser's localStorage, never in a cookie, and is put
 * on <html> as soon as this file runs in <head>, so a page never flashes in the
 * other size. The buttons (in the header) are shown only when this script runs.
 */
(function () {
  "use strict";

  var SIZE_KEY = "disclosure.textSize";
  var CONTRAST_KEY = "disclosure.highContrast";
  var SIZES = ["small", "normal", "large"];
  var root = document.documentElement;

  function read(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null; // storage refused (private mode, policy): defaults apply
    }
  }

  function write(key, value) {
    try {
      if (value === null) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, value);
      }
    } catch (error) {
      /* the choice then lasts for this page only */
    }
  }

  function applySize(size) {
    SIZES.forEach(function (name) {
      root.classList.toggle("text-" + name, name === size && name !== "normal");
    });
  }

  function applyContrast(on) {
    root.classList.toggle("high-contrast", on);
  }

  var size = read(SIZE_KEY);
  if (SIZES.indexOf(size) < 0) {
    size = "normal";
  }
  var contrast = read(CONTRAST_KEY) === "on";
  applySize(size);
  applyContrast(contrast);

  function connect() {
    var tools = document.querySelector("[data-display-tools]");
    if (!tools) {
      return;
    }
    var sizeButtons = tools.querySelectorAll("[data-font-size]");
    var contrastButton = tools.querySelector("[data-contrast]");

    function showState() {
      Array.prototype.forEach.call(sizeButtons, function (button) {
        button.setAttribute(
          "aria-pressed",
          String(button.getAttribute("data-font-size") === size)
        );
      });
      if (contrastButton) {
        contrastButton.setAttribute("aria-pressed", String(contrast));
      }
    }

    Array.prototype.forEach.call(sizeButtons, function (button) {
      button.addEventListener("click", function () {
        size = button.getAttribute("data-font-size");
        applySize(size);
        write(SIZE_KEY, size === "normal" ? null : size);
        showState();
      });
    });
    if (contrastButton) {
      contrastButton.addEventListener("click", function () {
        contrast = !contrast;
        applyContrast(contrast);
        write(CONTRAST_KEY, contrast ? "on" : null);
        showState();
      });
    }
    showState();
    tools.hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", connect);
  } else {
    connect();
  }
})();

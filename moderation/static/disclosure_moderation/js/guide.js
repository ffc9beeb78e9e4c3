// The role guides' "Print" button: shown only where it works (scripts on).
document.querySelectorAll("[data-guide-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});

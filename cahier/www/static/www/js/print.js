// Shown only when JavaScript can print; the browser's own print command works anyway.
document.querySelectorAll("[data-imprimer]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});

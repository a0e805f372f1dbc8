// « Copier le lien » of a fiche's short link: shown only where the browser can copy; the
// field stays selectable (and copyable by hand) everywhere.
document.querySelectorAll("[data-copier]").forEach(function (button) {
  var field = document.getElementById(button.getAttribute("data-copier"));
  var status = button.parentElement.querySelector("[data-copie-statut]");
  if (!field || !navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      if (status) { status.textContent = button.getAttribute("data-copie-faite") + "\u00a0: " + field.value; }
    }, function () {
      field.select();
      if (status) { status.textContent = "Copie impossible\u00a0: le lien est sélectionné, copiez-le avec Ctrl+C."; }
    });
  });
  field.addEventListener("focus", function () { field.select(); });
});

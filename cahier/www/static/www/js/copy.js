// « Copier » buttons: <button data-copier="ID" hidden> copies the value (or text) of element ID
// and says so in <span aria-live data-copie-annonce="ID">. Shown only when the browser can copy;
// delegated, so buttons swapped in by htmx work too.
(function () {
  if (!navigator.clipboard) {
    return;
  }
  function reveal() {
    document.querySelectorAll("[data-copier][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }
  reveal();
  document.addEventListener("htmx:afterSettle", reveal);
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copier]");
    if (!button) {
      return;
    }
    var id = button.getAttribute("data-copier");
    var source = document.getElementById(id);
    var text = "value" in source ? source.value : source.textContent;
    var status = document.querySelector('[data-copie-annonce="' + id + '"]');
    navigator.clipboard.writeText(text.trim()).then(
      function () {
        if (status) status.textContent = "Copié dans le presse-papiers.";
      },
      function () {
        if (status) status.textContent = "Copie impossible : sélectionnez le texte et copiez-le.";
        if (source.select) source.select();
      }
    );
  });
})();

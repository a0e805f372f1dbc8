// /integrer/: htmx swaps the form with its new preview and code; tell screen readers.
document.addEventListener("htmx:afterSettle", function () {
  var count = document.getElementById("apercu-compte");
  if (count) {
    document.getElementById("annonce-apercu").textContent =
      "Aperçu mis à jour. " + count.textContent.trim();
  }
});

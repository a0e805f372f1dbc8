// The results are swapped in by htmx: announce their new count to screen readers.
document.addEventListener("htmx:afterSettle", function () {
  var count = document.getElementById("nombre-resultats");
  if (count) {
    document.getElementById("annonce-resultats").textContent = count.textContent.trim();
  }
});

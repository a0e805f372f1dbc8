// The results are swapped in by htmx (a ticked filter, the sort). While the request runs, the
// form carries htmx's `htmx-request` class (site.css shows « Mise à jour des résultats… »),
// the results are marked aria-busy and screen readers hear that they are being updated; once
// they are in, their new count is announced.
(function () {
  function announce(text) {
    var region = document.getElementById("annonce-resultats");
    if (region) {
      region.textContent = text;
    }
  }
  function setBusy(busy) {
    var results = document.getElementById("resultats-recherche");
    if (!results) {
      return;
    }
    if (busy) {
      results.setAttribute("aria-busy", "true");
    } else {
      results.removeAttribute("aria-busy");
    }
  }
  document.addEventListener("htmx:beforeRequest", function () {
    setBusy(true);
    announce("Mise à jour des résultats…");
  });
  // A failed request leaves the old results in place: no longer busy.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) {
      setBusy(false);
      announce("Les résultats n’ont pas pu être mis à jour.");
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    setBusy(false);
    var count = document.getElementById("nombre-resultats");
    if (count) {
      announce(count.textContent.trim());
    }
  });
})();

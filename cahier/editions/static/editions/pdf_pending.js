// « Le PDF de cette édition est en préparation »: asks the PDF's address again every few
// seconds (HEAD) and, once it answers, says so in the page's status region with a link. No
// reload and no navigation the reader did not ask for (WCAG 2.2.1, axe « meta-refresh »).
(function () {
  "use strict";
  var region = document.getElementById("cahier-pdf-ready");
  if (!region || !window.fetch) {
    return;
  }
  var url = region.getAttribute("data-url");
  var delay = Number(region.getAttribute("data-retry") || "10") * 1000;

  function ready() {
    var alert = document.createElement("div");
    alert.className = "fr-alert fr-alert--success fr-mb-3w";
    var text = document.createElement("p");
    text.appendChild(document.createTextNode("Le PDF est prêt\u00a0: "));
    var link = document.createElement("a");
    link.href = url;
    link.textContent = "ouvrir le cahier (PDF)";
    text.appendChild(link);
    alert.appendChild(text);
    region.appendChild(alert);
  }

  function check() {
    window
      .fetch(url, { method: "HEAD", cache: "no-store", credentials: "same-origin" })
      .then(function (answer) {
        if (answer.ok) {
          ready();
        } else {
          window.setTimeout(check, delay);
        }
      })
      .catch(function () {
        window.setTimeout(check, delay);
      });
  }

  window.setTimeout(check, delay);
})();

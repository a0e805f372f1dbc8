// Acronyms (a.sigle, core/prose/glossary.py): site.css draws the definition under the acronym
// on hover and keyboard focus, from its left edge. Near the right edge of the screen (the
// fiche's side panel, a phone) it would be cut: shift it back inside the viewport through the
// --sigle-decalage property (set through the CSSOM, which the Content-Security-Policy allows).
(function () {
  var MARGIN = 8;
  function place(link) {
    var abbr = link.querySelector("abbr[title]");
    if (!abbr) {
      return;
    }
    abbr.style.setProperty("--sigle-decalage", "0px");
    var width = parseFloat(getComputedStyle(abbr, "::after").width);
    if (!width) {
      return;
    }
    var left = link.getBoundingClientRect().left;
    var room = document.documentElement.clientWidth - MARGIN;
    var shift = Math.min(0, room - (left + width));
    shift = Math.max(shift, MARGIN - left);
    abbr.style.setProperty("--sigle-decalage", Math.round(shift) + "px");
  }
  function onEnter(event) {
    var link = event.target.closest && event.target.closest("a.sigle");
    if (link) {
      // After the :hover / :focus-visible style is applied, so that the definition has a width.
      requestAnimationFrame(function () {
        place(link);
      });
    }
  }
  document.addEventListener("mouseover", onEnter);
  document.addEventListener("focusin", onEnter);
})();

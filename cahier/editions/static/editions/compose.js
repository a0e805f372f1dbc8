// The edition composer (editions/compose.html), enhanced: « Tout cocher » / « Tout décocher »
// tick the boxes in the page instead of posting the form (without JavaScript the server does
// it), and a text filter shows only the matching fiches, with a live count in a status region.
(function () {
  "use strict";
  var form = document.querySelector("[data-compose]");
  if (!form) {
    return;
  }
  var items = Array.prototype.slice.call(form.querySelectorAll("[data-compose-item]"));
  var groups = Array.prototype.slice.call(form.querySelectorAll("[data-compose-group]"));
  var count = form.querySelector("[data-compose-count]");
  var none = form.querySelector("[data-compose-none]");
  var filterGroup = form.querySelector("[data-compose-filter]");
  var filter = filterGroup ? filterGroup.querySelector("input") : null;
  var announce = null;

  function plural(n, one, many) {
    return n + "\u00a0" + (n > 1 ? many : one);
  }

  function box(item) {
    return item.querySelector("input[type=checkbox]");
  }

  function visible(item) {
    return !item.hidden;
  }

  function refreshCounts() {
    var shown = 0;
    var ticked = 0;
    items.forEach(function (item) {
      if (visible(item)) {
        shown += 1;
      }
      if (box(item).checked) {
        ticked += 1;
      }
    });
    groups.forEach(function (group) {
      var own = Array.prototype.slice.call(group.querySelectorAll("[data-compose-item]"));
      var groupTicked = own.filter(function (item) {
        return box(item).checked;
      }).length;
      var label = group.querySelector("[data-compose-group-count]");
      if (label) {
        label.textContent =
          plural(groupTicked, "cochée", "cochées") + " sur " + own.length;
      }
      group.hidden = !own.some(visible);
    });
    if (none) {
      none.hidden = shown > 0;
    }
    return { shown: shown, ticked: ticked };
  }

  function sayCount() {
    var counts = refreshCounts();
    var text;
    if (filter && filter.value.trim()) {
      text =
        plural(counts.shown, "fiche affichée", "fiches affichées") +
        " sur " +
        items.length +
        ", " +
        plural(counts.ticked, "cochée", "cochées") +
        " en tout.";
    } else {
      text =
        plural(items.length, "fiche publiée", "fiches publiées") +
        ", " +
        plural(counts.ticked, "cochée", "cochées") +
        ".";
    }
    if (count) {
      count.textContent = text;
    }
  }

  function normalise(text) {
    return text
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[’']/g, " ");
  }

  function applyFilter() {
    var words = normalise(filter.value).split(/\s+/).filter(Boolean);
    items.forEach(function (item) {
      var haystack = normalise(item.getAttribute("data-search") || "");
      item.hidden = !words.every(function (word) {
        return haystack.indexOf(word) !== -1;
      });
    });
    // The status region is read once the typing pauses, not at every key.
    window.clearTimeout(announce);
    refreshCounts();
    announce = window.setTimeout(sayCount, 400);
  }

  function tick(button, checked) {
    var scope = button.closest("[data-compose-group]") || form;
    Array.prototype.forEach.call(scope.querySelectorAll("[data-compose-item]"), function (item) {
      if (visible(item) && !box(item).disabled) {
        box(item).checked = checked;
      }
    });
    sayCount();
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-tick], button[data-untick]");
    if (!button) {
      return;
    }
    event.preventDefault();
    tick(button, button.hasAttribute("data-tick"));
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox]")) {
      sayCount();
    }
  });

  if (filter) {
    filterGroup.hidden = false;
    filter.addEventListener("input", applyFilter);
    // Enter in the filter would post the form: it only filters.
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  }
})();

/* « Fiche d'origine »: the plain select of published fiches (what works without JavaScript)
   becomes a search as you type. Results come from the URL in the select's
   data-origin-search attribute (JSON: {"results": [{"id", "title", "region"}]}); choosing one
   sets the select, which the form sends as before. The search field itself is in the page
   (contributions/includes/origin_search.html), hidden until this script shows it. */
(function () {
  "use strict";
  var select = document.querySelector("select[data-origin-search]");
  if (!select || !window.fetch) {
    return;
  }
  var url = select.getAttribute("data-origin-search");
  var exclude = select.getAttribute("data-origin-exclude") || "";
  var group = select.closest(".fr-select-group, .fr-input-group") || select.parentNode;

  var wrapper = document.querySelector("[data-origin-search-ui]");
  if (!wrapper) {
    return;
  }
  var input = wrapper.querySelector("input[type=search]");
  var list = wrapper.querySelector("[role=listbox]");
  var status = wrapper.querySelector("[data-origin-search-status]");
  wrapper.hidden = false;
  group.hidden = true;

  function chosenText() {
    var option = select.options[select.selectedIndex];
    return option && option.value ? "Fiche choisie\u00a0: " + option.text : "Aucune fiche choisie.";
  }
  status.textContent = chosenText();

  var active = -1;
  var timer = null;
  var controller = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(item) {
    var value = String(item.id);
    var option = Array.prototype.find.call(select.options, function (o) {
      return o.value === value;
    });
    if (!option) {
      option = new Option(item.title, value);
      select.add(option);
    }
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    var radio = document.querySelector("input[name=lineage][value=fiche]");
    if (radio) {
      radio.checked = true;
    }
    input.value = item.title;
    status.textContent = chosenText();
    close();
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
    }
  }

  function show(results) {
    list.textContent = "";
    results.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = "origin-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.className = "origin-search__option";
      option.textContent = item.region ? item.title + " (" + item.region + ")" : item.title;
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(item);
      });
      option._item = item;
      list.appendChild(option);
    });
    if (!results.length) {
      var empty = document.createElement("li");
      empty.className = "origin-search__empty";
      empty.textContent = "Aucune fiche publiée ne correspond.";
      list.appendChild(empty);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  }

  function search() {
    var query = input.value.trim();
    if (query.length < 2) {
      close();
      return;
    }
    if (controller) {
      controller.abort();
    }
    controller = window.AbortController ? new AbortController() : null;
    var address = url + "?q=" + encodeURIComponent(query) + (exclude ? "&sauf=" + exclude : "");
    fetch(address, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        show(data.results || []);
      })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 200);
  });
  input.addEventListener("keydown", function (event) {
    var options = list.querySelectorAll("[role=option]");
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      highlight(Math.min(active + 1, options.length - 1));
    } else if (event.key === "ArrowUp" && options.length) {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && !list.hidden) {
      event.preventDefault();
      if (options[active]) {
        choose(options[active]._item);
      }
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () {
    window.setTimeout(close, 150);
  });
})();

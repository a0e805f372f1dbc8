/* Repeatable groups (funders, indicators, resources, contacts): « Ajouter une ligne » adds an
   empty row in place instead of sending the form (without JavaScript, the button sends it and
   the page comes back with one more row). The rows are counted by the hidden `<name>-rows`. */
(function () {
  "use strict";
  document.querySelectorAll("[data-records]").forEach(function (group) {
    var button = group.querySelector("[data-records-add]");
    var count = group.querySelector("[data-records-count]");
    var rows = group.querySelector("[data-records-rows]");
    var template = group.querySelector("template[data-records-template]");
    var max = parseInt(group.getAttribute("data-records-max"), 10) || 30;
    if (!button || !count || !rows || !template) {
      return;
    }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(count.value, 10) || 0;
      if (index >= max) {
        return;
      }
      var row = template.content.firstElementChild.cloneNode(true);
      row.querySelectorAll("[id], [name], [for]").forEach(function (element) {
        ["id", "name", "for"].forEach(function (attribute) {
          var value = element.getAttribute(attribute);
          if (value) {
            element.setAttribute(attribute, value.split("__index__").join(String(index)));
          }
        });
      });
      var number = row.querySelector("[data-records-number]");
      if (number) {
        number.textContent = String(index + 1);
      }
      rows.appendChild(row);
      count.value = String(index + 1);
      button.disabled = index + 1 >= max;
      var first = row.querySelector("input, select, textarea");
      if (first) {
        first.focus();
      }
    });
  });
})();

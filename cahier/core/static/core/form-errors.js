// The error summary of a form (core/includes/form_top.html) takes the focus on load, so that
// keyboard and screen-reader users start from the list of errors; its links then move the
// focus to each field.
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();

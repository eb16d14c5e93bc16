/* Frame Rate: small enhancements only; every page works without this file. */
(function () {
  "use strict";

  // A link to text inside a collapsed spoiler section opens that section.
  function openTargetSpoiler() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var details = target && target.closest("details");
    if (details) details.open = true;
  }

  // Filter forms: drop empty fields so shared URLs stay short and canonical.
  function tidyFilterForms() {
    document.querySelectorAll("form.filters").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("select, input").forEach(function (field) {
          if ((field.tagName === "SELECT" || field.type === "text") && field.value === "") {
            field.disabled = true;
          }
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    openTargetSpoiler();
    tidyFilterForms();
  });
  window.addEventListener("hashchange", openTargetSpoiler);
  // Coming back through the history must not leave fields disabled by tidyFilterForms.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.filters [disabled]").forEach(function (field) {
      field.disabled = false;
    });
  });
})();

/* Filters start open (so they work without JavaScript); on phones they fold away under one
   "Filter and sort" control, so the results come first. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (window.matchMedia("(min-width: 60rem)").matches) return;
    document.querySelectorAll("details[data-close-narrow]").forEach(function (details) {
      details.open = false;
    });
  });
})();

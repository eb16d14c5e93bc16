/* Names for the stock admin's widgets that have none for screen readers (axe finds them):
   - select2 menus (autocomplete fields): the combobox and its search box get the field's label;
   - the two-box picker (genres): its search icons carry an aria-label, allowed once they are images;
   - a tabular inline's first column header is empty: it gets words screen readers can read;
   - a tabular inline's delete box has no label: it gets one.
   Runs once the admin's own scripts have built the widgets, and again for each added row. */
(function () {
  "use strict";

  function labelFor(select) {
    const label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label && !label.id) label.id = select.id + "-label";
    return label;
  }

  function nameSelect2(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const label = labelFor(select);
      const container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) return;
      const text = label.textContent.replace(/:\s*$/, "").trim();
      const combobox = container.querySelector(".select2-selection");
      if (combobox) combobox.setAttribute("aria-labelledby", label.id);
      const rendered = container.querySelector(".select2-selection__rendered[role=textbox]");
      if (rendered) rendered.setAttribute("aria-label", text);
      container.querySelectorAll(".select2-search__field").forEach(function (field) {
        field.setAttribute("aria-label", text);
      });
    });
  }

  function nameFilterIcons(root) {
    root.querySelectorAll("span.search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function nameEmptyHeaders(root) {
    root.querySelectorAll(".tabular thead th.original").forEach(function (th) {
      if (th.textContent.trim()) return;
      const words = document.createElement("span");
      words.className = "visually-hidden";
      words.textContent = "Saved row";
      th.append(words);
    });
  }

  function nameDeleteBoxes(root) {
    root.querySelectorAll(".tabular td.delete input[type=checkbox]").forEach(function (box) {
      if (box.labels && box.labels.length) return;
      box.setAttribute("aria-label", "Delete this row");
    });
  }

  function run(root) {
    nameSelect2(root);
    nameFilterIcons(root);
    nameEmptyHeaders(root);
    nameDeleteBoxes(root);
  }

  window.addEventListener("load", function () {
    // After the admin's own load handlers (the two-box picker is built on load).
    setTimeout(function () { run(document); }, 0);
    const jq = window.django && window.django.jQuery;
    if (!jq) return;
    // select2 redraws its box when a choice is made or removed.
    jq(document).on("select2:select select2:unselect select2:clear", function (event) {
      const holder = event.target.closest(".form-row, td, .fieldBox") || document;
      setTimeout(function () { nameSelect2(holder); }, 0);
    });
  });
  document.addEventListener("formset:added", function (event) {
    // After the admin's own listener has made the row's select2 menus.
    setTimeout(function () { run(event.target); }, 0);
  });
})();

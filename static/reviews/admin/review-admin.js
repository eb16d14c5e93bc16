/* Editors' review form enhancements. Everything works without this file; it adds:
   - drag-and-drop (and keyboard up/down buttons) ordering of review sections;
   - a Markdown preview rendered and sanitised by the server;
   - a live text read-out of the star rating. */
(function () {
  "use strict";

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* ---- star rating read-out ---- */
  function initStars(root) {
    root.querySelectorAll(".star-rating").forEach(function (fieldset) {
      if (fieldset.dataset.ready) return;
      fieldset.dataset.ready = "1";
      const output = fieldset.querySelector(".star-rating__value");
      fieldset.addEventListener("change", function (event) {
        const input = event.target;
        if (!output || input.type !== "radio") return;
        const label = fieldset.querySelector('label[for="' + input.id + '"]');
        const n = parseInt(input.value, 10);
        output.textContent = isNaN(n) ? "No rating yet" : (n / 2) + "/5";
        if (label) output.setAttribute("title", label.textContent.trim());
      });
    });
  }

  /* ---- sortable sections ---- */
  function sectionGroup() {
    return document.querySelector(".sortable-sections");
  }

  function sectionItems(group) {
    return Array.from(group.querySelectorAll(".inline-related:not(.empty-form)")).filter(
      function (item) { return !item.id.endsWith("-empty"); }
    );
  }

  function renumber(group) {
    sectionItems(group).forEach(function (item, index) {
      const input = item.querySelector("input.section-position");
      if (input) input.value = index;
    });
  }

  /* A new order is an edit: the unsaved-changes guard, autosave and preview hear of it. */
  function reordered(group) {
    renumber(group);
    group.dispatchEvent(new CustomEvent("desk:edited", { bubbles: true }));
  }

  function move(item, direction) {
    const group = sectionGroup();
    const items = sectionItems(group);
    const index = items.indexOf(item);
    const target = items[index + direction];
    if (!target) return;
    if (direction < 0) target.before(item); else target.after(item);
    reordered(group);
    item.querySelector(direction < 0 ? ".move-up" : ".move-down").focus();
    announce(group, "Moved to position " + (items.indexOf(item) + direction + 1));
  }

  function announce(group, text) {
    let live = group.querySelector(".section-live");
    if (!live) {
      live = document.createElement("p");
      live.className = "section-live";
      live.setAttribute("aria-live", "polite");
      live.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)";
      group.prepend(live);
    }
    live.textContent = text;
  }

  function decorate(item) {
    if (item.dataset.sortable) return;
    item.dataset.sortable = "1";
    const position = item.querySelector("input.section-position");
    if (position) {
      const row = position.closest(".form-row") || position.parentElement;
      row.hidden = true;
    }
    const tools = document.createElement("div");
    tools.className = "section-tools";
    tools.innerHTML =
      '<span class="drag-handle" title="Drag to reorder" aria-hidden="true">⠿</span>' +
      '<button type="button" class="move-up">Move up</button>' +
      '<button type="button" class="move-down">Move down</button>';
    const heading = item.querySelector("h3") || item.firstElementChild;
    heading.after(tools);
    tools.querySelector(".move-up").addEventListener("click", function () { move(item, -1); });
    tools.querySelector(".move-down").addEventListener("click", function () { move(item, 1); });
    item.setAttribute("draggable", "true");
  }

  function initSortable() {
    const group = sectionGroup();
    if (!group) return;
    sectionItems(group).forEach(decorate);
    let dragged = null;
    group.addEventListener("dragstart", function (event) {
      const item = event.target.closest(".inline-related");
      // Dragging from inside a text field must select text, not move the section.
      if (!item || event.target.closest("input, textarea, select")) return;
      dragged = item;
      item.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.id);
    });
    group.addEventListener("dragover", function (event) {
      if (!dragged) return;
      const over = event.target.closest(".inline-related");
      if (!over || over === dragged) return;
      event.preventDefault();
      group.querySelectorAll(".drop-target").forEach(function (el) { el.classList.remove("drop-target"); });
      over.classList.add("drop-target");
    });
    group.addEventListener("drop", function (event) {
      if (!dragged) return;
      const over = event.target.closest(".inline-related");
      event.preventDefault();
      if (over && over !== dragged) {
        const items = sectionItems(group);
        if (items.indexOf(dragged) < items.indexOf(over)) over.after(dragged); else over.before(dragged);
        reordered(group);
      }
    });
    group.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("is-dragging");
      group.querySelectorAll(".drop-target").forEach(function (el) { el.classList.remove("drop-target"); });
      dragged = null;
    });
    document.addEventListener("formset:added", function (event) {
      const item = event.target.closest ? event.target.closest(".inline-related") || event.target : event.target;
      if (group.contains(item)) {
        decorate(item);
        initPreviews(item);
        renumber(group);
        // Added from the keyboard or the mouse, the new section is where the writing goes next.
        const heading = item.querySelector("input[name$='-heading']");
        if (heading) heading.focus();
      }
    });
    renumber(group);
  }

  /* ---- Markdown preview ---- */
  function initPreviews(root) {
    const holder = document.getElementById("markdown-preview-url");
    const url = holder ? holder.dataset.url : null;
    if (!url) return;
    root.querySelectorAll("textarea[data-markdown-preview]").forEach(function (textarea) {
      if (textarea.dataset.previewReady || textarea.name.includes("__prefix__")) return;
      textarea.dataset.previewReady = "1";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "markdown-preview-toggle";
      button.textContent = "Preview";
      button.setAttribute("aria-expanded", "false");
      const panel = document.createElement("div");
      panel.className = "markdown-preview";
      panel.hidden = true;
      panel.setAttribute("aria-live", "polite");
      textarea.after(button, panel);
      button.addEventListener("click", function () {
        if (!panel.hidden) {
          panel.hidden = true;
          button.textContent = "Preview";
          button.setAttribute("aria-expanded", "false");
          return;
        }
        const body = new URLSearchParams({ text: textarea.value });
        fetch(url, {
          method: "POST",
          body: body,
          headers: { "X-CSRFToken": csrfToken() },
          credentials: "same-origin",
        })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            // The server rendered and sanitised this HTML with the same code the site uses.
            panel.innerHTML = data.html !== undefined ? (data.html || "<p><em>Nothing to preview.</em></p>") : "";
            if (data.error) panel.textContent = data.error;
            panel.hidden = false;
            button.textContent = "Hide preview";
            button.setAttribute("aria-expanded", "true");
          })
          .catch(function () {
            panel.textContent = "The preview could not be loaded; your text is unchanged.";
            panel.hidden = false;
          });
      });
    });
  }

  function init() {
    initStars(document);
    initSortable();
    initPreviews(document);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

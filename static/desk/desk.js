/* The writing desk: word counts and reading time, and the side panel that folds on phones.
   The form works without this file. */
(function () {
  "use strict";

  const WORDS_PER_MINUTE = 230;
  const WIDE = window.matchMedia("(min-width: 1024px)");
  const segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "word" }) : null;

  /* Words as a reader counts them, in any script: Japanese has no spaces between words. */
  function countWords(text) {
    const plain = text.replace(/[#>*_`~[\]()|-]+/g, " ");
    if (segmenter) {
      let n = 0;
      for (const part of segmenter.segment(plain)) if (part.isWordLike) n += 1;
      return n;
    }
    const words = plain.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }

  function describe(n) {
    const minutes = Math.max(1, Math.round(n / WORDS_PER_MINUTE));
    return n.toLocaleString() + (n === 1 ? " word" : " words") + (n ? " · " + minutes + " min read" : "");
  }

  function proseAreas(desk) {
    return Array.from(desk.querySelectorAll(".desk__main textarea")).filter(function (area) {
      return !area.name.includes("__prefix__") && !area.closest(".empty-form");
    });
  }

  function initCounts(desk) {
    const total = desk.querySelector("[data-words-total]");
    const short = desk.querySelector("[data-words-total-short]");
    function label(area) {
      let out = area.parentElement.querySelector(":scope > .desk-words");
      if (!out) {
        out = document.createElement("p");
        out.className = "desk-words";
        area.after(out);
      }
      return out;
    }
    function update() {
      let sum = 0;
      proseAreas(desk).forEach(function (area) {
        const deleted = area.closest(".inline-related") && area.closest(".inline-related").querySelector("input[name$='-DELETE']:checked");
        const n = deleted ? 0 : countWords(area.value);
        label(area).textContent = describe(n);
        sum += n;
      });
      if (total) total.textContent = "Whole review: " + describe(sum);
      if (short) short.textContent = sum.toLocaleString() + " words";
    }
    desk.addEventListener("input", update);
    desk.addEventListener("change", update);
    document.addEventListener("formset:added", update);
    document.addEventListener("formset:removed", update);
    update();
  }

  /* The pre-publish checklist, checked again on every change. */
  const HEADLINE_MAX = 110;
  const STANDFIRST_MAX = 300;

  function value(form, name) {
    const el = form.elements[name];
    if (!el) return "";
    if (el instanceof RadioNodeList) return el.value || "";
    return (el.value || "").trim();
  }

  function liveSections(form) {
    return Array.from(form.querySelectorAll(".sortable-sections .inline-related")).filter(function (item) {
      if (item.classList.contains("empty-form") || item.id.endsWith("-empty")) return false;
      const del = item.querySelector("input[name$='-DELETE']");
      return !(del && del.checked);
    }).map(function (item) {
      const heading = item.querySelector("input[name$='-heading']");
      const body = item.querySelector("textarea[name$='-body']");
      return { heading: heading ? heading.value.trim() : "", body: body ? body.value.trim() : "" };
    }).filter(function (s) { return s.heading || s.body; });
  }

  function checks(form) {
    const headline = value(form, "headline");
    const standfirst = value(form, "standfirst");
    const sections = liveSections(form);
    return [
      ["film", Boolean(value(form, "film")), "Film chosen"],
      ["headline", headline.length > 0 && headline.length <= HEADLINE_MAX,
        headline.length > HEADLINE_MAX ? "Headline is " + headline.length + " characters: search results show " + HEADLINE_MAX : "Headline written"],
      ["standfirst", standfirst.length > 0 && standfirst.length <= STANDFIRST_MAX,
        standfirst.length > STANDFIRST_MAX ? "Standfirst is over " + STANDFIRST_MAX + " characters" : "Standfirst written"],
      ["sections", sections.length > 0, "At least one section"],
      ["headings", sections.length > 0 && sections.every(function (s) { return s.heading; }), "Every section has a heading"],
      ["verdict", Boolean(value(form, "verdict")), "Verdict written"],
      ["rating", Boolean(value(form, "rating")), "Star rating given"],
    ];
  }

  function initChecklist(desk) {
    const list = desk.querySelector("#desk-checklist");
    const form = desk.closest("form");
    if (!list || !form) return;
    const summary = desk.querySelector("#desk-checklist-summary");
    function update() {
      const results = checks(form);
      list.replaceChildren();
      results.forEach(function (check) {
        const item = document.createElement("li");
        item.dataset.check = check[0];
        item.dataset.ok = check[1] ? "yes" : "no";
        const mark = document.createElement("span");
        mark.className = "desk-check__mark";
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = check[1] ? "✓" : "✗";
        const text = document.createElement("span");
        text.textContent = check[2] + (check[1] ? "" : " — not yet");
        item.append(mark, " ", text);
        list.append(item);
      });
      const done = results.filter(function (check) { return check[1]; }).length;
      if (summary) {
        summary.textContent = done === results.length ? "Ready to publish" : done + " of " + results.length + " ready";
        summary.dataset.ready = done === results.length ? "yes" : "no";
      }
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("desk:edited", update);
    document.addEventListener("formset:added", update);
    document.addEventListener("formset:removed", update);
    update();
  }

  /* The live preview: the form as it stands, unsaved, rendered by the server with the
     public page's template, in a frame beside the form or in a new tab. */
  const PREVIEW_QUIET_MS = 600;

  function postInto(form, url, target) {
    const action = form.getAttribute("action");
    const before = form.getAttribute("target");
    form.setAttribute("action", url);
    form.setAttribute("target", target);
    // The prototype's submit(): no submit event, so the guard and autosave are not told
    // that the form's own save is under way.
    HTMLFormElement.prototype.submit.call(form);
    if (action === null) form.removeAttribute("action"); else form.setAttribute("action", action);
    if (before === null) form.removeAttribute("target"); else form.setAttribute("target", before);
  }

  function initPreview(desk) {
    const holder = desk.querySelector(".desk-preview");
    const form = desk.closest("form");
    if (!holder || !form) return;
    const url = holder.dataset.url;
    const toggle = holder.querySelector("#desk-preview-toggle");
    const tab = holder.querySelector("#desk-preview-tab");
    const frame = holder.querySelector("#desk-preview-frame");
    let timer = null;
    let scrollY = 0;

    function refresh() {
      timer = null;
      try { scrollY = frame.contentWindow.scrollY; } catch (e) { scrollY = 0; }
      postInto(form, url, frame.name);
    }
    frame.addEventListener("load", function () {
      try { frame.contentWindow.scrollTo(0, scrollY); } catch (e) { /* not ours */ }
    });
    function later() {
      if (frame.hidden) return;
      clearTimeout(timer);
      timer = setTimeout(refresh, PREVIEW_QUIET_MS);
    }
    toggle.addEventListener("click", function () {
      const on = frame.hidden;
      frame.hidden = !on;
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      desk.classList.toggle("desk--previewing", on);
      if (on) refresh();
    });
    tab.addEventListener("click", function (event) {
      event.preventDefault();
      postInto(form, url, "_blank");
    });
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("desk:edited", later);
  }

  /* A Markdown toolbar over each long text box (GitHub's <markdown-toolbar> element, when
     make installed it), with the usual shortcuts: Ctrl/⌘ + B, I, K; Ctrl/⌘ + Shift + 8, 7, 9
     for a list, a numbered list, a quote; Ctrl/⌘ + Alt + 2 for a heading. */
  const TOOLBAR_BUTTONS = [
    ["md-header", "Heading", "H", "Alt+2"],
    ["md-bold", "Bold", "B", "B"],
    ["md-italic", "Italic", "I", "I"],
    ["md-link", "Link", "Link", "K"],
    ["md-unordered-list", "Bulleted list", "• List", "Shift+8"],
    ["md-ordered-list", "Numbered list", "1. List", "Shift+7"],
    ["md-quote", "Quote", "“ Quote", "Shift+9"],
  ];

  function shortcutOf(event) {
    if (!(event.ctrlKey || event.metaKey)) return "";
    const key = event.code.startsWith("Digit") ? event.code.slice(5) : event.key.toUpperCase();
    return (event.altKey ? "Alt+" : "") + (event.shiftKey ? "Shift+" : "") + key;
  }

  function addToolbar(area) {
    if (area.dataset.toolbar || area.name.includes("__prefix__") || !area.id) return;
    area.dataset.toolbar = "1";
    const bar = document.createElement("markdown-toolbar");
    bar.setAttribute("for", area.id);
    bar.className = "desk-toolbar";
    bar.setAttribute("aria-label", "Formatting");
    TOOLBAR_BUTTONS.forEach(function (spec) {
      const button = document.createElement(spec[0]);
      if (spec[0] === "md-header") button.setAttribute("level", "2");
      button.className = "desk-toolbar__button";
      button.textContent = spec[2];
      button.setAttribute("aria-label", spec[1]);
      button.title = spec[1] + " (Ctrl+" + spec[3] + ")";
      button.dataset.shortcut = spec[3];
      bar.append(button);
    });
    area.before(bar);
    area.addEventListener("keydown", function (event) {
      const shortcut = shortcutOf(event);
      if (!shortcut) return;
      const button = bar.querySelector('[data-shortcut="' + shortcut + '"]');
      if (!button) return;
      event.preventDefault();
      button.click();
      area.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  function initToolbars(desk) {
    if (!window.customElements) return;
    window.customElements.whenDefined("markdown-toolbar").then(function () {
      desk.querySelectorAll(".desk__main textarea[data-markdown-preview]").forEach(addToolbar);
      document.addEventListener("formset:added", function (event) {
        event.target.querySelectorAll("textarea[data-markdown-preview]").forEach(addToolbar);
      });
    });
  }

  /* Wide screens keep the panel open beside the form; narrow ones fold it to one line. */
  function initFold(desk) {
    const fold = desk.querySelector(".desk__fold");
    if (!fold) return;
    function place() {
      const hasErrors = fold.querySelector(".errors, .errorlist");
      fold.open = WIDE.matches || Boolean(hasErrors);
    }
    WIDE.addEventListener("change", place);
    place();
  }

  /* The film menu is a select2 widget: its choices are jQuery events, not the browser's.
     Turn them into a "desk:edited" event the guard, autosave and checklist listen to. */
  function initSelect2Events(desk) {
    const jq = window.django && window.django.jQuery;
    if (!jq) return;
    jq(desk).on("select2:select select2:clear", function (event) {
      event.target.dispatchEvent(new CustomEvent("desk:edited", { bubbles: true }));
    });
  }

  function init() {
    const desk = document.querySelector(".desk");
    if (!desk) return;
    initSelect2Events(desk);
    initFold(desk);
    initCounts(desk);
    initChecklist(desk);
    initPreview(desk);
    initToolbars(desk);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

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

  function init() {
    const desk = document.querySelector(".desk");
    if (!desk) return;
    initFold(desk);
    initCounts(desk);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

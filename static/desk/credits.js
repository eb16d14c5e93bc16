/* Credits on the film form: a person's name with suggestions from the catalogue, no pop-up.
   Picking a suggestion fills the row's hidden person id; any other name is sent as typed and
   the server finds that person or adds them. */
(function () {
  "use strict";

  let counter = 0;

  function attach(input) {
    if (input.dataset.ready || input.name.includes("__prefix__")) return;
    input.dataset.ready = "1";
    const row = input.closest("tr, .inline-related") || input.parentElement;
    const hidden = row.querySelector("input[data-person-id]");
    const list = document.createElement("datalist");
    list.id = "person-suggestions-" + (counter += 1);
    input.setAttribute("list", list.id);
    input.after(list);
    let known = new Map();
    let timer = null;

    function choose() {
      const id = known.get(input.value.trim());
      if (hidden) hidden.value = id || "";
    }

    function suggest() {
      const term = input.value.trim();
      if (term.length < 2) return;
      const url = new URL(input.dataset.searchUrl, window.location.href);
      url.search = new URLSearchParams({
        term: term, app_label: "films", model_name: "credit", field_name: "person",
      }).toString();
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          const counts = new Map();
          data.results.forEach(function (item) { counts.set(item.text, (counts.get(item.text) || 0) + 1); });
          known = new Map();
          list.replaceChildren();
          data.results.forEach(function (item) {
            // Two people with one name are told apart by their number, as the server reads it.
            const label = counts.get(item.text) > 1 ? item.text + " (#" + item.id + ")" : item.text;
            known.set(label, item.id);
            const option = document.createElement("option");
            option.value = label;
            list.append(option);
          });
          choose();
        })
        .catch(function () { /* No suggestions offline: a typed name still works. */ });
    }

    input.addEventListener("input", function () {
      choose();
      clearTimeout(timer);
      timer = setTimeout(suggest, 150);
    });
  }

  function init(root) {
    root.querySelectorAll("input[data-person-search]").forEach(attach);
  }

  document.addEventListener("formset:added", function (event) { init(event.target); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(document); });
  else init(document);
})();

/* The unsaved-changes guard for editors' forms (reviews, films, people, import).

   Once something is typed or changed in the page's main form, leaving the page asks first:
   links inside the admin open a dialog ("Leave without saving" / "Stay on this page"), and
   closing the tab or reloading gets the browser's own question. Saving the form clears it.
   Other scripts may call window.deskGuard.markSaved() when they have stored the text
   elsewhere, or window.deskGuard.markDirty(); autosave tells it when the words were autosaved
   (noteAutosaved), which the dialog then says: an autosave is not the editor's save. */
(function () {
  "use strict";

  const FORM_SELECTOR = "#content-main form[method=post]";
  let dirty = false;
  let leaving = false;
  let autosavedAt = "";

  function guardedForm() {
    const form = document.querySelector(FORM_SELECTOR);
    if (!form || form.closest("#changelist") || document.getElementById("changelist-form")) {
      return null;
    }
    // Delete confirmations and other admin pages without fields have nothing to lose.
    return form.querySelector("textarea, input[type=text], select") ? form : null;
  }

  function buildDialog() {
    const dialog = document.createElement("dialog");
    dialog.className = "guard-dialog";
    dialog.setAttribute("aria-labelledby", "guard-dialog-title");
    dialog.innerHTML =
      '<h2 id="guard-dialog-title">Leave without saving?</h2>' +
      "<p>You have changes on this page that are not saved yet. If you leave now they are lost.</p>" +
      '<div class="guard-dialog__buttons">' +
      '<button type="button" class="guard-stay">Stay on this page</button>' +
      '<button type="button" class="guard-leave">Leave without saving</button>' +
      "</div>";
    document.body.append(dialog);
    return dialog;
  }

  function ask(href) {
    const dialog = document.querySelector(".guard-dialog") || buildDialog();
    if (autosavedAt) {
      dialog.querySelector("p").textContent = "Your changes were autosaved at " + autosavedAt +
        " and are offered back when you reopen this page, but they are not saved yet.";
    }
    const stay = dialog.querySelector(".guard-stay");
    const leave = dialog.querySelector(".guard-leave");
    stay.onclick = function () { dialog.close(); };
    leave.onclick = function () {
      leaving = true;
      dialog.close();
      window.location.assign(href);
    };
    dialog.showModal();
    stay.focus();
  }

  function init() {
    const form = guardedForm();
    if (!form) return;
    const mark = function (event) {
      // Changes made by scripts (autosave status, counters) are not the editor's.
      if (event.isTrusted) dirty = true;
    };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    // Widgets that change a field without a browser event (select2) announce it themselves.
    form.addEventListener("desk:edited", function () { dirty = true; });
    form.addEventListener("submit", function () { leaving = true; });

    window.addEventListener("beforeunload", function (event) {
      if (!dirty || leaving) return;
      event.preventDefault();
      event.returnValue = "";
    });

    document.addEventListener("click", function (event) {
      if (!dirty || leaving || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target.closest("a[href]");
      if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
      const url = new URL(link.href, window.location.href);
      if (url.protocol !== "http:" && url.protocol !== "https:") return;
      const here = new URL(window.location.href);
      if (url.pathname === here.pathname && url.search === here.search && url.hash) return;
      event.preventDefault();
      ask(url.href);
    });

    window.deskGuard = {
      markSaved: function () { dirty = false; },
      markDirty: function () { dirty = true; },
      noteAutosaved: function (at) { autosavedAt = at; },
      isDirty: function () { return dirty && !leaving; },
    };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* Autosave for the review form: nothing typed is lost.

   - Every change is copied at once to this browser's storage (localStorage), so closing the tab,
     a crash or a lost connection keeps the words on this device.
   - A couple of seconds after typing stops (at most every ten seconds while typing goes on, and
     when a text box loses focus), the form is sent to the server's autosave address, which
     saves the review's working copy through the publishing service (no revision, nothing
     readers see). The panel says "Saving…", "Saved 21:39:12" or "Offline — kept on this
     device"; when the connection returns, what is waiting is sent.
   - Reopening the review with a copy on this device that the server never received offers to
     restore or discard it, showing what differs. */
(function () {
  "use strict";

  const QUIET_MS = 2000;
  const MAX_WAIT_MS = 10000;
  const SKIP = /^(csrfmiddlewaretoken|lock_version|_.*)$|__prefix__|-(MIN|MAX)_NUM_FORMS$/;

  function fieldsOf(form) {
    const values = {};
    Array.from(form.elements).forEach(function (el) {
      if (!el.name || SKIP.test(el.name) || el.disabled) return;
      if (el.type === "file" || el.type === "submit" || el.type === "button") return;
      if (el.type === "checkbox") values[el.name] = el.checked;
      else if (el.type === "radio") { if (el.checked) values[el.name] = el.value; }
      else values[el.name] = el.value;
    });
    return values;
  }

  function labelFor(form, name) {
    const el = form.elements[name];
    const field = el && (el.id ? document.querySelector('label[for="' + el.id + '"]') : null);
    const section = name.match(/^sections-(\d+)-/);
    const text = field ? field.textContent.replace(/:$/, "").trim() : name;
    return section ? "Section " + (Number(section[1]) + 1) + " " + text.toLowerCase() : text;
  }

  function clock(date) {
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  }

  function init() {
    const desk = document.querySelector(".desk[data-autosave-key]");
    if (!desk) return;
    const form = desk.closest("form");
    const key = desk.dataset.autosaveKey;
    const url = desk.dataset.autosaveUrl || "";
    const status = document.getElementById("desk-autosave");
    let timer = null;
    let firstChange = 0;
    let sending = false;
    let again = false;

    function say(text, state) {
      if (!status) return;
      status.textContent = text;
      status.dataset.state = state;
    }

    function stored() {
      try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
    }

    function keep(synced) {
      const copy = { fields: fieldsOf(form), at: new Date().toISOString(), synced: synced };
      try { window.localStorage.setItem(key, JSON.stringify(copy)); } catch (e) { /* storage full or off */ }
      return copy;
    }

    function send() {
      timer = null;
      firstChange = 0;
      if (!url) { say("Kept on this device " + clock(new Date()), "local"); return; }
      if (sending) { again = true; return; }
      sending = true;
      say("Saving…", "saving");
      const body = new FormData(form);
      fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (data) {
            return { ok: response.ok, status: response.status, data: data };
          });
        })
        .then(function (result) {
          if (result.ok) {
            const lock = form.elements.lock_version;
            if (lock && result.data.version) lock.value = result.data.version;
            keep(true);
            say("Saved " + (result.data.saved_at || clock(new Date())), "saved");
            // The server holds every word typed so far: leaving loses nothing.
            if (!timer && !again && window.deskGuard) window.deskGuard.markSaved();
          } else {
            say(result.data.error || "Not saved — kept on this device", "refused");
          }
        })
        .catch(function () {
          say("Offline — kept on this device", "offline");
        })
        .finally(function () {
          sending = false;
          if (again) { again = false; schedule(0); }
        });
    }

    function schedule(delay) {
      const now = Date.now();
      if (!firstChange) firstChange = now;
      clearTimeout(timer);
      const wait = Math.min(delay, Math.max(0, firstChange + MAX_WAIT_MS - now));
      timer = setTimeout(send, wait);
    }

    function changed(event) {
      if (!event.isTrusted && event.type !== "desk:edited") return;
      keep(false);
      say("Unsaved changes", "pending");
      schedule(QUIET_MS);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("desk:edited", changed);
    form.addEventListener("focusout", function (event) {
      if (timer && event.target.matches("textarea, input[type=text]")) { clearTimeout(timer); send(); }
    });
    window.addEventListener("online", function () {
      const copy = stored();
      if (copy && !copy.synced) send();
    });
    form.addEventListener("submit", function () {
      // The form's own save is on its way: what it carries need not be offered back.
      const copy = stored();
      if (copy) { copy.synced = true; try { window.localStorage.setItem(key, JSON.stringify(copy)); } catch (e) { /* off */ } }
    });

    offerRestore(form, key, stored(), function () { keep(false); schedule(0); });
  }

  /* A copy on this device the server never got: show what differs, restore or discard. */
  function offerRestore(form, key, copy, restored) {
    if (!copy || copy.synced || !copy.fields) return;
    const current = fieldsOf(form);
    const names = Object.keys(copy.fields).filter(function (name) {
      return !/-(TOTAL|INITIAL)_FORMS$|-(id|review|position)$/.test(name) &&
        String(copy.fields[name]) !== String(current[name] === undefined ? "" : current[name]);
    });
    if (!names.length) { window.localStorage.removeItem(key); return; }
    const box = document.createElement("div");
    box.className = "desk-restore";
    box.id = "desk-restore";
    box.setAttribute("role", "alert");
    const title = document.createElement("h2");
    title.textContent = "There is a more recent copy of this review on this device";
    const when = document.createElement("p");
    when.textContent = "Kept at " + clock(new Date(copy.at)) + " on " + new Date(copy.at).toLocaleDateString() +
      ", and never saved on the server. What differs from the form below:";
    const list = document.createElement("dl");
    list.className = "desk-restore__diff";
    names.forEach(function (name) {
      const dt = document.createElement("dt");
      dt.textContent = labelFor(form, name);
      const was = document.createElement("dd");
      const del = document.createElement("del");
      del.textContent = String(current[name] === undefined ? "" : current[name]);
      const ins = document.createElement("ins");
      ins.textContent = String(copy.fields[name]);
      was.append(del, document.createElement("br"), ins);
      list.append(dt, was);
    });
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "desk-restore__restore";
    restore.textContent = "Restore this copy";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "desk-restore__discard";
    discard.textContent = "Discard it";
    const buttons = document.createElement("p");
    buttons.append(restore, " ", discard);
    box.append(title, when, list, buttons);
    const desk = form.querySelector(".desk");
    desk.before(box);

    restore.addEventListener("click", function () {
      apply(form, copy.fields);
      box.remove();
      if (window.deskGuard) window.deskGuard.markDirty();
      form.dispatchEvent(new Event("input", { bubbles: true }));
      restored();
    });
    discard.addEventListener("click", function () {
      window.localStorage.removeItem(key);
      box.remove();
    });
  }

  function apply(form, fields) {
    const total = form.elements["sections-TOTAL_FORMS"];
    const wanted = Number(fields["sections-TOTAL_FORMS"] || 0);
    const add = form.querySelector(".sortable-sections .add-row a");
    for (let i = total ? Number(total.value) : wanted; add && i < wanted; i += 1) add.click();
    Object.keys(fields).forEach(function (name) {
      if (/-(TOTAL|INITIAL)_FORMS$/.test(name)) return;
      const el = form.elements[name];
      if (!el) return;
      if (el instanceof RadioNodeList || (el.length && el.tagName !== "SELECT")) {
        Array.from(el).forEach(function (radio) { radio.checked = radio.value === fields[name]; });
        if (el[0]) el[0].dispatchEvent(new Event("change", { bubbles: true }));
      } else if (el.type === "checkbox") {
        el.checked = Boolean(fields[name]);
      } else {
        el.value = fields[name];
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* Autosave for the review form: nothing typed is lost.

   - Every change is copied at once to this browser's storage (localStorage), so closing the tab,
     a crash or a lost connection keeps the words on this device.
   - A couple of seconds after typing stops (at most every ten seconds while typing goes on, and
     when a text box loses focus), the form is sent to the server's autosave address, which
     saves the review's working copy through the publishing service (no revision, nothing
     readers see). The panel says "Saving…", "Saved 21:39:12" or "Offline — kept on this
     device"; when the connection returns, what is waiting is sent.
   - The form's own Save waits for an autosave in flight and goes with the lock version it
     returned (else the editor's own autosave would look like someone else's edit); moving the
     focus to a submit button sends no autosave (the save carries the words).
   - Reopening the review with a copy on this device that the server never received offers to
     restore or discard it, showing what differs. A newer autosave on the server than the last
     save is offered by the server (the change form's "There is an autosave" box).
   - On the add form, once the film and headline are given, the first autosave creates the draft
     on the server (once per page; the page's token makes a retry get the same draft). The page
     then goes on as that review's change form: the form posts to the change address, carries
     the lock version, the address bar shows the change address, and autosave uses the
     review's own address. */
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
    let key = desk.dataset.autosaveKey;
    let url = desk.dataset.autosaveUrl || "";
    let createUrl = desk.dataset.autosaveCreateUrl || "";
    const status = document.getElementById("desk-autosave");
    const badge = document.getElementById("desk-state");
    let timer = null;
    let retry = null;
    let firstChange = 0;
    let sending = false;
    let again = false;
    let held = null;       // the form's own save, waiting for an autosave in flight
    let stopped = false;   // the form's save has left: autosave has nothing more to do
    let refused = false;   // someone else saved meanwhile: only the form's save can settle it

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

    function markSynced() {
      const copy = stored();
      if (!copy) return;
      copy.synced = true;
      try { window.localStorage.setItem(key, JSON.stringify(copy)); } catch (e) { /* off */ }
    }

    function release() {
      // The save the editor asked for goes now, with the lock version the autosave returned.
      const submitter = held.submitter;
      held = null;
      if (submitter && submitter.isConnected) form.requestSubmit(submitter);
      else form.requestSubmit();
    }

    function draftable() {
      // What the publishing service needs for a draft: the film and a headline.
      const film = form.elements.film;
      const headline = form.elements.headline;
      return Boolean(film && film.value && headline && headline.value.trim());
    }

    function becomeChangeForm(data) {
      // The draft exists: from now on this page is its change form, nothing reloaded.
      createUrl = "";
      url = data.autosave_url;
      desk.dataset.autosaveUrl = url;
      delete desk.dataset.autosaveCreateUrl;
      form.action = data.change_url;
      const lock = form.elements.lock_version;
      if (lock) lock.value = data.version;
      if (window.history && window.history.replaceState) window.history.replaceState(null, "", data.change_url);
      const copy = stored();
      try {
        window.localStorage.removeItem(key);
        key = "desk:review:" + data.id;
        desk.dataset.autosaveKey = key;
        if (copy) window.localStorage.setItem(key, JSON.stringify(copy));
      } catch (e) { key = "desk:review:" + data.id; }
    }

    function send() {
      timer = null;
      firstChange = 0;
      clearTimeout(retry);
      retry = null;
      if (stopped || refused) return;
      if (!url && !(createUrl && draftable())) {
        say("Kept on this device " + clock(new Date()) +
          (createUrl ? " — saved on the server once it has a film and a headline" : ""), "local");
        return;
      }
      if (sending) { again = true; return; }
      sending = true;
      let unreachable = false;
      const started = performance.now();
      say("Saving…", "saving");
      const body = new FormData(form);
      const typed = fieldsOf(form);
      const creating = !url;
      if (creating) body.append("autosave_token", desk.dataset.autosaveCreateToken || "");
      fetch(creating ? createUrl : url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (data) {
            return { ok: response.ok, status: response.status, data: data };
          });
        })
        .then(function (result) {
          if (result.ok) {
            if (creating && result.data.change_url) becomeChangeForm(result.data);
            const lock = form.elements.lock_version;
            if (lock && result.data.version) lock.value = result.data.version;
            // Synced only if nothing was typed while the request was out.
            if (JSON.stringify(typed) === JSON.stringify(fieldsOf(form))) markSynced();
            if (badge && result.data.badge) {
              badge.textContent = result.data.badge;
              badge.className = "desk-badge desk-badge--" + (result.data.tone || "draft");
            }
            const at = result.data.saved_at || clock(new Date());
            say("Saved " + at, "saved");
            status.dataset.roundTripMs = String(Math.round(performance.now() - started));
            if (window.deskGuard && window.deskGuard.noteAutosaved) window.deskGuard.noteAutosaved(at);
          } else {
            if (result.status === 409) refused = true;
            say(result.data.error || "Not saved — kept on this device", "refused");
          }
        })
        .catch(function () {
          unreachable = true;
          say("Offline — kept on this device", "offline");
          // Try again now and then, besides the browser's "online" event.
          retry = setTimeout(send, 5000);
        })
        .finally(function () {
          sending = false;
          if (held && unreachable) {
            // The save would not reach the server either: keep the page and the words.
            held = null;
            say("Offline — kept on this device; save again when the connection is back", "offline");
            return;
          }
          if (held) { release(); return; }
          if (again) { again = false; schedule(0); }
        });
    }

    function schedule(delay) {
      if (stopped) return;
      const now = Date.now();
      if (!firstChange) firstChange = now;
      clearTimeout(timer);
      const wait = Math.min(delay, Math.max(0, firstChange + MAX_WAIT_MS - now));
      timer = setTimeout(send, wait);
    }

    function changed(event) {
      if (stopped || (!event.isTrusted && event.type !== "desk:edited")) return;
      keep(false);
      if (!refused) say("Unsaved changes", "pending");
      schedule(QUIET_MS);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("desk:edited", changed);
    form.addEventListener("focusout", function (event) {
      if (!timer || !event.target.matches("textarea, input[type=text]")) return;
      // Focus going to Save (or another submit button): the save carries the words itself.
      const next = event.relatedTarget;
      if (next && next.form === form && next.type === "submit") return;
      clearTimeout(timer);
      send();
    });
    window.addEventListener("online", function () {
      const copy = stored();
      if (copy && !copy.synced) send();
    });
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      clearTimeout(timer);
      clearTimeout(retry);
      timer = null;
      if (sending) {
        // An autosave is on its way and will change the lock version: hold the save until
        // it is back, or the save would look like someone else's edit.
        event.preventDefault();
        held = { submitter: event.submitter || null };
        say("Saving…", "saving");
        return;
      }
      stopped = true;
      // The form's own save is on its way: what it carries need not be offered back.
      markSynced();
    });

    const keepOffer = document.getElementById("desk-autosave-keep");
    if (keepOffer) {
      keepOffer.addEventListener("click", function () {
        document.getElementById("desk-autosave-offer").remove();
        say("Autosave kept: Save to make it a revision", "pending");
        if (window.deskGuard) window.deskGuard.markDirty();
        const first = form.querySelector(".desk__main textarea, .desk__main input[type=text]");
        if (first) first.focus();
      });
    }

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

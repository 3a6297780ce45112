/* Latih participant details: the identity fields a course asks (generator/participant.py), their
 * checks, the details form and the "Data diri" card (home page, above every graded quiz). Shared by
 * the results code box (codes.js), the documents (documents.js) and the roster (roster.js), which
 * load after it. What a participant types is written with textContent, never as markup. NIP rules
 * mirror generator/roster.py (tests/vectors/roster.json). */
(function () {
  "use strict";
  const C = window.LatihCourse || {};
  const ui = C.ui || {};
  const L = (window.Latih = window.Latih || {});
  const fmt = (s, v) => String(s || "").replace(/\{(\w+)\}/g, (m, k) => (k in v ? v[k] : m));

  // NIP: 18 digits = birth date (8) + appointment year and month (6) + sex (1) + sequence (3)
  function nipProblem(nip) {
    if (!nip) return null;
    if (/^\d(\.\d+)?[eE]\+?\d+$/.test(nip)) return "nip_scientific";
    if (!/^\d{18}$/.test(nip)) return "nip_length";
    const [y, m, d] = [+nip.slice(0, 4), +nip.slice(4, 6), +nip.slice(6, 8)];
    const born = new Date(Date.UTC(y, m - 1, d));
    if (y < 1 || born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d)
      return "nip_birth_date";
    const month = +nip.slice(12, 14);
    if (month < 1 || month > 12) return "nip_appointment";
    if (!"12".includes(nip[14])) return "nip_gender";
    return null;
  }
  const normaliseNip = (raw) => (/[eE]\+/.test(raw) ? raw.trim() : raw.replace(/[\s.\-']/g, ""));

  // The identity fields the course asks (generator/participant.py); older pages: the name only
  const FIELDS = Array.isArray(C.participant) && C.participant.length ? C.participant : [{ id: "name", label: ui.field_name, required: true, maxlength: 120 }];
  const field = (id) => FIELDS.find((f) => f.id === id);

  // What is wrong with the details, as [field id, message], or null
  function detailsProblem(data) {
    for (const f of FIELDS) {
      const value = data[f.id] || "";
      if (!value) {
        if (f.required) return [f.id, f.id === "name" ? ui.name_missing : fmt(ui.field_missing, { label: f.label })];
        continue;
      }
      const nip = f.rule === "nip" && nipProblem(value);
      if (nip) return [f.id, ui[nip]];
      let pattern = null;
      try {
        pattern = f.pattern ? new RegExp("^(?:" + f.pattern + ")$", "u") : null;
      } catch (e) {
        pattern = null; // the build checks patterns; a broken one must not lock anyone out
      }
      if (pattern && !pattern.test(value)) return [f.id, f.message || ui.field_invalid];
    }
    return null;
  }


  function participant() {
    const p = L.storage && L.storage.read().participant;
    return L.storage && L.storage.isObj(p) ? p : {};
  }


  const el = (tag, props, ...kids) => {
    const node = Object.assign(document.createElement(tag), props || {});
    node.append(...kids.filter((k) => k != null));
    return node;
  };

  // Save the details form (certificate page, declaration page, results code box) after checking
  // it: saved before anything else runs, and never sent anywhere (the form's method is "dialog")
  function bindDetails(form, onSaved) {
    form.method = "dialog";
    form.removeAttribute("action");
    const p = participant();
    for (const input of form.elements) if (input.name && p[input.name]) input.value = p[input.name];
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = {};
      for (const input of form.elements) if (input.name) data[input.name] = input.value.trim();
      const nipField = field("nip");
      if ("nip" in data && nipField && nipField.rule === "nip") data.nip = normaliseNip(data.nip);
      const problem = detailsProblem(data);
      form.querySelector(".latih-details-error").textContent = problem ? problem[1] : "";
      form.querySelector(".latih-details-saved").textContent = problem ? "" : ui.details_saved;
      if (problem) return form.elements[problem[0]] && form.elements[problem[0]].focus();
      L.storage.update((d) => (d.participant = Object.assign(L.storage.isObj(d.participant) ? d.participant : {}, data)));
      onSaved();
      // Every card and code box on the page shows the new details (a code is issued again)
      document.dispatchEvent(new CustomEvent("latih:details"));
    });
  }
  const onDetails = (render) => {
    document.addEventListener("latih:details", render);
    if (L.storage) L.storage.onChange(render); // another tab saved them
  };

  function detailsForm(intro, onCancel) {
    const input = (f) =>
      el("p", {}, el("label", {}, f.label + (f.required ? " *" : "") + " ", el("input", { name: f.id, maxLength: f.maxlength || 120, autocomplete: f.id === "name" ? "name" : "off" })),
        f.hint ? el("small", {}, f.hint) : null);
    const cancel = onCancel ? el("button", { type: "button", className: "md-button" }, ui.details_cancel) : null;
    if (cancel) cancel.onclick = onCancel;
    return el(
      "form",
      { className: "latih-details", noValidate: true, method: "dialog" },
      intro ? el("p", { className: "latih-details-intro" }, intro) : null,
      ...FIELDS.map(input),
      el("p", { className: "latih-details-error", role: "alert" }),
      el("p", {}, el("button", { type: "submit", className: "md-button md-button--primary" }, ui.save_details), " ", cancel, " ",
        el("span", { className: "latih-details-saved", role: "status" }))
    );
  }

  // "Name · Ubah": who the codes are issued to, and the way to change it (a borrowed phone)
  function whoLine(text, p, onEdit) {
    const edit = el("button", { type: "button", className: "latih-link-button" }, ui.details_edit);
    edit.onclick = onEdit;
    const [before, after] = String(text).split("{name}");
    return el("p", { className: "latih-who" }, before, el("strong", {}, p.name), after || "", " · ", edit);
  }

  // The "Data diri" card (home page, above every graded quiz): the details, always editable
  function detailsCard(card) {
    let editing = false;
    const render = () => {
      const p = participant();
      const open = editing || !p.name;
      const title = el("h2", { className: "latih-box-title" }, ui.your_details);
      if (!open) {
        const facts = FIELDS.filter((f) => f.id !== "name" && p[f.id]).map((f) => el("li", {}, f.label + ": " + p[f.id]));
        card.replaceChildren(title, whoLine(ui.details_as, p, () => ((editing = true), render(), card.querySelector("input").focus())),
          facts.length ? el("ul", { className: "latih-details-facts" }, ...facts) : null);
        return;
      }
      const form = detailsForm(ui.details_card_intro, p.name ? () => ((editing = false), render()) : null);
      card.replaceChildren(title, form);
      bindDetails(form, () => (editing = false));
    };
    onDetails(render);
    render();
  }

  function init() {
    for (const card of document.querySelectorAll("[data-latih-details-card]"))
      if (!card.dataset.latihReady && L.storage) (card.dataset.latihReady = "1"), detailsCard(card);
  }

  L.details = { FIELDS, field, fmt, el, nipProblem, normaliseNip, detailsProblem, participant, bindDetails, onDetails, detailsForm, whoLine };
  // The documents' namespace of old (tests and tools read these there)
  L.documents = Object.assign(L.documents || {}, { nipProblem, normaliseNip, detailsProblem });
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

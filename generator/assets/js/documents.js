/* Latih documents: the certificate, the participant's declaration and the facilitator's roster
 * printing. Everything a participant or a roster types is written with textContent, never as
 * markup. Rules for NIPs and rosters mirror generator/roster.py (tests/vectors/roster.json). */
(function () {
  "use strict";
  const C = window.LatihCourse || {};
  const ui = C.ui || {};
  const L = (window.Latih = window.Latih || {});
  const fmt = (s, v) => String(s || "").replace(/\{(\w+)\}/g, (m, k) => (k in v ? v[k] : m));
  const dateText = (when) =>
    new Intl.DateTimeFormat(C.language === "en" ? "en-GB" : "id-ID", {
      day: "numeric",
      month: "long",
      year: "numeric",
    }).format(new Date(when));

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

  // CSV as spreadsheets export it: quotes, doubled quotes, CRLF, line breaks inside quotes
  function csvRows(text, sep) {
    const rows = [];
    let row = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
        else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === sep) row.push(cell), (cell = "");
      else if (ch === "\n" || ch === "\r") {
        if (ch === "\r" && text[i + 1] === "\n") i++;
        row.push(cell), rows.push(row), (row = []), (cell = "");
      } else cell += ch;
    }
    if (cell || row.length) row.push(cell), rows.push(row);
    return rows;
  }

  const COLUMNS = {
    name: ["nama", "nama lengkap", "name", "full name"],
    nip: ["nip", "nomor induk pegawai"],
    position: ["jabatan", "position", "job title"],
    agency: ["instansi", "unit kerja", "agency", "organization", "organisation"],
  };

  function readRoster(text) {
    text = text.replace(/^\ufeff/, "");
    const first = text.split(/\r?\n/, 1)[0] || "";
    const count = (c) => first.split(c).length - 1;
    const rows = csvRows(text, count(";") > count(",") ? ";" : ",");
    const col = {};
    (rows[0] || []).forEach((label, i) => {
      const l = label.trim().toLowerCase();
      for (const f in COLUMNS) if (COLUMNS[f].includes(l) && !(f in col)) col[f] = i;
    });
    if (!("name" in col)) return { people: [], bad: [], missingColumns: ["name"] };
    const people = [];
    const bad = [];
    rows.slice(1).forEach((r, i) => {
      if (!r.some((c) => c.trim())) return;
      const cell = (f) => (f in col && col[f] < r.length ? r[col[f]].trim() : "");
      const row = i + 2;
      const name = cell("name");
      const nip = normaliseNip(cell("nip"));
      const problem = name ? nipProblem(nip) : "name_missing";
      if (problem) bad.push({ row, reason: problem, value: problem === "name_missing" ? "" : cell("nip") });
      else people.push({ name, nip, position: cell("position"), agency: cell("agency") });
    });
    return { people, bad, missingColumns: [] };
  }

  // Fill a document's data-field slots; empty ones print as lines to write on
  function fill(root, p) {
    root.querySelectorAll("[data-field]").forEach((el) => {
      const f = el.dataset.field;
      if (f in p) el.textContent = p[f] || "";
    });
  }

  function participant() {
    const p = L.storage && L.storage.read().participant;
    return L.storage && L.storage.isObj(p) ? p : {};
  }

  // The best passing attempt of the certificate quiz, or null while it is locked
  function passing() {
    if (!L.storage || !C.certificateQuiz) return null;
    const done = L.storage.peek(C.certificateQuiz).attempts.filter((a) => a.passed);
    return done.sort((a, b) => b.percent - a.percent || (b.at || 0) - (a.at || 0))[0] || null;
  }

  // A results code for a finished attempt of a graded quiz, with the participant's details now
  function resultsCode(quizId, attempt, p) {
    const R = L.results;
    const quiz = (C.quizzes || []).find((q) => q.id === quizId);
    if (!R || !quiz || !quiz.bank || !Array.isArray(attempt.ids)) return "";
    try {
      return R.encode({
        courseId: C.id,
        courseVersion: C.version,
        quizId,
        fingerprint: quiz.fingerprint,
        finishedAt: Math.floor((attempt.at || attempt.done || Date.now()) / 1000),
        participant: { name: p.name || "", nip: p.nip || "", position: p.position || "", agency: p.agency || "" },
        displayedPercent: attempt.percent,
        answers: attempt.ids.map((id) => [quiz.bank.indexOf(id), ((attempt.answers || {})[id] || []).slice().sort()]),
      });
    } catch (e) {
      return "";
    }
  }

  const el = (tag, props, ...kids) => {
    const node = Object.assign(document.createElement(tag), props || {});
    node.append(...kids.filter((k) => k != null));
    return node;
  };

  // Save the details form (certificate page, declaration page, results code box) after checking it
  function bindDetails(form, onSaved) {
    const p = participant();
    for (const input of form.elements) if (input.name && p[input.name]) input.value = p[input.name];
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = {};
      for (const input of form.elements) if (input.name) data[input.name] = input.value.trim();
      data.nip = normaliseNip(data.nip || "");
      const problem = data.name ? nipProblem(data.nip) : "name_missing";
      form.querySelector(".latih-details-error").textContent = problem ? ui[problem] : "";
      form.querySelector(".latih-details-saved").textContent = problem ? "" : ui.details_saved;
      if (problem) return form.elements[problem === "name_missing" ? "name" : "nip"].focus();
      L.storage.update((d) => (d.participant = Object.assign(L.storage.isObj(d.participant) ? d.participant : {}, data)));
      onSaved();
    });
  }

  function detailsForm() {
    const field = (name, label, attrs) => el("p", {}, el("label", {}, label + " ", el("input", { name, ...attrs })));
    return el(
      "form",
      { className: "latih-details", noValidate: true },
      el("p", { className: "latih-details-intro" }, ui.code_details),
      field("name", ui.field_name, { autocomplete: "name", maxLength: 120 }),
      field("nip", ui.field_nip, { inputMode: "numeric", maxLength: 24 }),
      field("position", ui.field_position, { maxLength: 120 }),
      field("agency", ui.field_agency, { maxLength: 160 }),
      el("p", { className: "latih-details-error", role: "alert" }),
      el("p", {}, el("button", { type: "submit", className: "md-button" }, ui.save_details), " ",
        el("span", { className: "latih-details-saved", role: "status" }))
    );
  }

  // The results view of a pretest, posttest or exam ends with the code to hand in
  function codeBox(event) {
    const { quiz, attempt, results } = event.detail || {};
    const info = (C.quizzes || []).find((q) => q.id === quiz);
    if (!info || info.kind === "practice" || !attempt || !results) return;
    const finished = Object.assign({}, attempt, { percent: event.detail.score && event.detail.score.percent });
    const box = el("section", { className: "latih-code-box" });
    const render = () => {
      const p = participant();
      const code = resultsCode(quiz, finished, p);
      const qr = el("div", { className: "latih-qr" });
      if (code && L.results.qrSvg) qr.innerHTML = L.results.qrSvg(code); // rectangles only, no text
      const status = el("span", { role: "status" });
      const copy = el("button", { type: "button", className: "md-button" }, ui.copy_code);
      copy.onclick = () => copyText(code).then(() => (status.textContent = ui.copied));
      box.replaceChildren(
        el("h3", {}, ui.results_code),
        el("p", {}, ui.code_intro),
        p.name ? null : detailsForm(),
        qr,
        el("p", {}, el("code", { className: "latih-code" }, code)),
        el("p", {}, copy, " ", status)
      );
      const form = box.querySelector("form");
      if (form) bindDetails(form, render);
    };
    render();
    results.append(box);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).catch(() => legacyCopy(text));
    return Promise.resolve(legacyCopy(text));
  }
  function legacyCopy(text) {
    const area = el("textarea", { value: text, readOnly: true });
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }

  function showDocument(doc, attempt) {
    const p = participant();
    const when = attempt ? attempt.at || Date.now() : Date.now();
    const code = attempt ? resultsCode(C.certificateQuiz, attempt, p) : "";
    fill(doc, {
      name: p.name,
      nip: p.nip,
      "nip-line": p.nip ? `${ui.field_nip} ${p.nip}` : "",
      position: p.position,
      agency: p.agency,
      separator: p.position && p.agency ? ", " : "",
      place: p.place,
      date: dateText(doc.dataset.latihDocument === "certificate" ? when : Date.now()),
      "score-line": attempt ? fmt(ui.cert_score, { percent: attempt.percent, date: dateText(when) }) : "",
      code,
    });
    const qr = doc.querySelector('[data-field="qr"]');
    if (qr) {
      qr.textContent = "";
      // The QR generator only ever draws rectangles: no participant text becomes markup
      if (code && L.results && L.results.qrSvg) qr.innerHTML = L.results.qrSvg(code);
    }
  }

  function initParticipantPage(doc) {
    const attempt = passing();
    const locked = document.querySelector("[data-latih-locked]");
    const form = document.querySelector("[data-latih-details]");
    const actions = document.querySelector(".latih-print-actions");
    if (!attempt) return; // stays locked: the page says how to unlock it
    locked.hidden = true;
    form.hidden = doc.hidden = actions.hidden = false;
    showDocument(doc, attempt);
    bindDetails(form, () => showDocument(doc, attempt));
  }

  function initRoster(box) {
    const template = document.getElementById("latih-declaration-template");
    const out = document.querySelector("[data-latih-documents]");
    const status = box.querySelector(".latih-roster-status");
    const actions = box.querySelector(".latih-print-actions");
    const field = (n) => box.querySelector(`[name="${n}"]`);
    const render = (people) => {
      const place = field("place").value.trim();
      const date = field("date").value ? dateText(field("date").value + "T12:00:00") : "";
      out.textContent = "";
      people.forEach((p) => {
        const sheet = template.content.firstElementChild.cloneNode(true);
        fill(sheet, { place, date, ...p });
        out.append(sheet);
      });
      actions.hidden = people.length === 0;
    };
    field("roster").addEventListener("change", async () => {
      const file = field("roster").files[0];
      if (!file) return;
      const roster = readRoster(await file.text());
      render(roster.people);
      status.textContent = "";
      const say = (text, tag = "p") => status.appendChild(document.createElement(tag)).append(text);
      if (roster.missingColumns.length) return say(ui.roster_no_name_column);
      say(fmt(ui.roster_count, { n: roster.people.length }));
      if (!roster.bad.length) return;
      say(ui.roster_bad);
      const list = status.appendChild(document.createElement("ul"));
      roster.bad.forEach((b) => {
        const item = list.appendChild(document.createElement("li"));
        item.dataset.row = b.row;
        item.textContent = `${fmt(ui.roster_row, { row: b.row })}${b.value ? ` (${b.value})` : ""}: ${ui[b.reason]}`;
      });
    });
    box.querySelector("[data-latih-blank]").addEventListener("click", () => {
      const n = Math.max(1, Math.min(500, parseInt(field("blank").value, 10) || 1));
      render(Array.from({ length: n }, () => ({})));
      status.textContent = fmt(ui.roster_count, { n });
    });
  }

  function init() {
    document.querySelectorAll("[data-latih-print]").forEach((b) => (b.onclick = () => window.print()));
    const doc = document.querySelector("[data-latih-document]");
    if (doc && !doc.dataset.latihReady) (doc.dataset.latihReady = "1"), initParticipantPage(doc);
    const box = document.querySelector("[data-latih-roster]");
    if (box && !box.dataset.latihReady) (box.dataset.latihReady = "1"), initRoster(box);
  }

  // Loaded after the results it completes: Latih.load("codes") in ui.js calls codeBox
  L.documents = { nipProblem, normaliseNip, readRoster, dateText, codeBox };
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

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

  function matches(pattern, value) {
    try {
      return new RegExp("^(?:" + pattern + ")$", "u").test(value);
    } catch (e) {
      return true; // a broken pattern must not lock anyone out
    }
  }

  function readRoster(text, opts = {}) {
    text = text.replace(/^\ufeff/, "");
    const first = text.split(/\r?\n/, 1)[0] || "";
    const count = (c) => first.split(c).length - 1;
    const rows = csvRows(text, count(";") > count(",") ? ";" : ",");
    const col = {};
    // The course's own labels are column names too (generator/roster.py read_roster)
    const names = (f) => COLUMNS[f].concat(FIELDS.filter((x) => x.id === f && x.label).map((x) => x.label.toLowerCase()));
    (rows[0] || []).forEach((label, i) => {
      const l = label.trim().toLowerCase();
      for (const f in COLUMNS) if (names(f).includes(l) && !(f in col)) col[f] = i;
    });
    if (!("name" in col)) return { people: [], bad: [], missingColumns: ["name"] };
    const people = [];
    const bad = [];
    rows.slice(1).forEach((r, i) => {
      if (!r.some((c) => c.trim())) return;
      const cell = (f) => (f in col && col[f] < r.length ? r[col[f]].trim() : "");
      const row = i + 2;
      const name = cell("name");
      // The identity number by the course's own rule and pattern (generator/roster.py)
      const number = opts.number || { rule: "nip" };
      const nip = number.rule === "nip" ? normaliseNip(cell("nip")) : cell("nip");
      let problem = name ? (number.rule === "nip" ? nipProblem(nip) : null) : "name_missing";
      if (!problem && number.pattern && nip && !matches(number.pattern, nip)) problem = "field_invalid";
      // opts.keepBad: a named row with an unusable number still prints, its number left to write by hand
      const person = opts.keepBad && name ? { name, nip: "", position: cell("position"), agency: cell("agency") } : null;
      if (problem) bad.push(Object.assign({ row, reason: problem, value: problem === "name_missing" ? "" : cell("nip") }, person ? { person } : {}));
      else people.push(Object.assign({ name, nip, position: cell("position"), agency: cell("agency") }, opts.keepBad ? { row } : {}));
    });
    return { people, bad, missingColumns: [] };
  }

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

  // Fill a document's data-field slots; empty ones print as lines to write on
  function fill(root, p) {
    root.querySelectorAll("[data-field]").forEach((el) => {
      const f = el.dataset.field;
      if (f in p) el.textContent = p[f] || "";
    });
    root.querySelectorAll("[data-field-line]").forEach((el) => {
      if (el.dataset.fieldLine in p) el.hidden = !p[el.dataset.fieldLine];
    });
  }

  // Lower --fit in steps until the sheet's content fits its page, with a margin for the printer's
  // own rounding. The sheet must be on screen: its layout there is the printed one, scaled.
  // Many sheets (a roster of 1,000) are fitted together, step by step: all written, then all measured,
  // so the browser lays the page out once per step, not once per sheet and step.
  const STEPS = [1, 0.94, 0.88, 0.82, 0.76, 0.7, 0.64, 0.58];
  function fitMany(sheets) {
    let left = Array.from(sheets, (sheet) => [sheet, sheet.querySelector(".latih-sheet-body")]);
    left = left.filter(([sheet, body]) => body && sheet.clientHeight);
    for (const step of STEPS) {
      if (!left.length) return;
      left.forEach(([sheet, body]) => {
        sheet.style.setProperty("--fit", step);
        body.style.height = "auto";
      });
      const fits = left.map(([sheet, body]) => body.getBoundingClientRect().height <= sheet.clientHeight * 0.97);
      left.forEach(([, body]) => (body.style.height = ""));
      left = left.filter((_, i) => !fits[i]);
    }
  }
  const fit = (sheet) => fitMany([sheet]);
  const fitAll = (root) => fitMany(root.querySelectorAll(".latih-sheet"));

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

  // The code's QR codes: one, or numbered parts past one QR code's capacity. The generator only
  // ever draws rectangles, so no participant text becomes markup. Never throws.
  function qrSet(box, code, zoom) {
    box.replaceChildren();
    const R = L.results;
    if (!code || !R || !R.qrSvg) return;
    let texts;
    try {
      texts = R.qrTexts(code);
    } catch (e) {
      return;
    }
    box.classList.toggle("is-many", texts.length > 1);
    texts.forEach((text, i) => {
      const figure = el("figure", { className: "latih-qr" });
      try {
        figure.innerHTML = R.qrSvg(text);
      } catch (e) {
        return;
      }
      if (texts.length > 1) figure.append(el("figcaption", { className: "latih-qr-part" }, fmt(ui.qr_part, { n: i + 1, total: texts.length })));
      if (zoom) {
        // Tap to enlarge (and again, or Esc, to shrink): easier for another phone's camera
        Object.assign(figure, { tabIndex: 0, title: ui.qr_enlarge });
        figure.setAttribute("role", "button");
        // The name starts with what the figure shows ("Bagian 1 dari 2"), as speech input expects
        figure.setAttribute("aria-label", (texts.length > 1 ? fmt(ui.qr_part, { n: i + 1, total: texts.length }) + ": " : "") + ui.qr_enlarge);
        const toggle = () => figure.setAttribute("aria-pressed", String(figure.classList.toggle("is-enlarged")));
        figure.onclick = toggle;
        figure.onkeydown = (e) => {
          if (e.key === "Enter" || e.key === " " || (e.key === "Escape" && figure.classList.contains("is-enlarged"))) e.preventDefault(), toggle();
        };
      }
      box.append(figure);
    });
  }

  function referenceOf(code) {
    try {
      return code && L.results ? L.results.reference(code) : "";
    } catch (e) {
      return "";
    }
  }

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

  // The results view of a pretest, posttest or exam: the code to hand in, whatever its length
  function codeBox(event) {
    const { quiz, attempt, results } = event.detail || {};
    const info = (C.quizzes || []).find((q) => q.id === quiz);
    if (!info || info.kind === "practice" || !attempt || !results) return;
    const finished = Object.assign({}, attempt, { percent: event.detail.score && event.detail.score.percent });
    const box = results.querySelector("[data-latih-code-box]") || el("section", { className: "latih-code-box" });
    box.dataset.latihCodeBox = "";
    box.id = box.id || "latih-code-" + quiz;
    let editing = false;
    const render = () => {
      if (!box.isConnected && box.dataset.latihDrawn) return;
      box.dataset.latihDrawn = "1";
      const p = participant();
      const code = resultsCode(quiz, finished, p);
      const qr = el("div", { className: "latih-qr-set" });
      const status = el("span", { role: "status" });
      const send = el("button", { type: "button", className: "md-button md-button--primary" }, canShare() ? ui.share_code : ui.copy_code);
      send.onclick = () => sendCode(code, info.title, status);
      const copy = canShare() ? el("button", { type: "button", className: "md-button" }, ui.copy_code) : null;
      if (copy) copy.onclick = () => copyText(code).then(() => (status.textContent = ui.copied));
      const who = p.name && !editing ? whoLine(ui.code_for, p, () => ((editing = true), render(), box.querySelector("input").focus())) : null;
      const form = who ? null : detailsForm(p.name ? null : ui.code_details, p.name ? () => ((editing = false), render()) : null);
      box.replaceChildren(
        el("h3", {}, ui.results_code),
        el("p", {}, ui.code_intro),
        who || form,
        el("p", {}, send, " ", copy, " ", status),
        el("p", {}, el("code", { className: "latih-code", tabIndex: 0 }, code)), // scrolls: reachable by keyboard
        qr
      );
      if (form) bindDetails(form, () => (editing = false));
      qrSet(qr, code, true);
    };
    onDetails(render);
    render();
    if (!box.isConnected) results.append(box);
  }

  // One tap to the facilitator: the phone's share sheet (WhatsApp...) where there is one, else copy
  const canShare = () => typeof navigator.share === "function";
  function sendCode(code, title, status) {
    if (!canShare()) return copyText(code).then(() => (status.textContent = ui.copied));
    return navigator.share({ title: fmt(ui.share_title, { quiz: title || "" }), text: code }).then(
      () => (status.textContent = ui.shared),
      (e) => (e && e.name === "AbortError" ? null : copyText(code).then(() => (status.textContent = ui.copied)))
    );
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

  // "Name, S.H., M.Si., M.Kn.": the degrees as one unbreakable run, the name free to wrap
  function keepDegrees(slot, name) {
    const m = /^(.+?)(,\s*(?:[A-Z][A-Za-z]*\.[\w.]*,?\s*)+)$/u.exec(name);
    if (!m) return;
    slot.replaceChildren(m[1], el("span", { className: "latih-degrees" }, m[2].replace(/\s+/g, "\u00a0")));
  }

  // Long names step down in size before the whole sheet does
  const lengthStep = (text) => (text.length > 80 ? "3" : text.length > 45 ? "2" : "1");

  function showDocument(doc, attempt) {
    const p = participant();
    const when = attempt ? attempt.at || Date.now() : Date.now();
    const code = attempt ? resultsCode(C.certificateQuiz, attempt, p) : "";
    const number = field("nip");
    const unbacked = document.querySelector("[data-latih-unbacked]");
    if (unbacked) unbacked.hidden = !attempt || !!code;
    fill(doc, {
      name: p.name,
      nip: number ? p.nip : "",
      "number-line": number && p.nip ? `${number.label} ${p.nip}` : "",
      "work-line": [p.position, p.agency].filter(Boolean).join(", "),
      position: p.position,
      agency: p.agency,
      place: p.place,
      "place-separator": p.place ? ", " : "",
      date: dateText(doc.dataset.latihDocument === "certificate" ? when : Date.now()),
      // A score only when a results code backs it: a stored percent alone proves nothing
      // One date on the certificate: beside the signature when there is one, else in the score line
      "score-line": code ? fmt(doc.querySelector('[data-field="date"]') ? ui.cert_score_only : ui.cert_score, { percent: attempt.percent, date: dateText(when) }) : "",
      reference: referenceOf(code),
    });
    const name = doc.querySelector(".latih-certificate-name");
    if (name) name.dataset.length = lengthStep(p.name || "");
    // Degrees after the name ("…, S.H., M.Si.") stay together when the name breaks
    for (const slot of doc.querySelectorAll('[data-field="name"]')) keepDegrees(slot, p.name || "");
    const qr = doc.querySelector('[data-field="qr"]');
    if (qr) qrSet(qr, code);
    const reference = doc.querySelector(".latih-certificate-code");
    if (reference) reference.hidden = !code;
    doc.querySelectorAll(".latih-sheet").forEach(fit);
    if (doc.classList.contains("latih-sheet")) fit(doc);
  }

  // Re-score a results code of the certificate quiz with the rules of `latih verify`
  // (generator/results.py verify): the same checks, in the same order, then scoring.js.
  // Returns {attempt, participant} for a passed attempt, or {problem: ui key, values}.
  function rescore(text, keyEl) {
    const R = L.results;
    const S = L.scoring;
    const quiz = (C.quizzes || []).find((q) => q.id === C.certificateQuiz);
    if (!R || !S || !quiz || !keyEl) return { problem: "restore_bad" };
    let code;
    try {
      const found = R.find(text.replace(/\s+/g, "")); // a code pasted from a message may be broken over lines
      code = R.decode(found[0] || text.trim());
    } catch (e) {
      return { problem: "restore_bad" };
    }
    if (code.courseId !== C.id) return { problem: "restore_other_course" };
    if (code.courseVersion !== C.version) return { problem: "restore_other_version", values: { version: code.courseVersion } };
    if (code.quizId !== C.certificateQuiz) return { problem: "restore_other_quiz", values: { quiz: quiz.title } };
    if (code.fingerprint !== quiz.fingerprint) return { problem: "restore_other_version", values: { version: code.courseVersion } };
    let key;
    try {
      key = L.reveal(keyEl.dataset.scoreKey, keyEl.dataset.scoreSeed);
    } catch (e) {
      return { problem: "restore_bad" };
    }
    const bank = key.questions;
    const seen = new Set();
    const fits = code.answers.length === key.draw && code.answers.every(([i, ids]) => {
      if (i >= bank.length || seen.has(i)) return false;
      seen.add(i);
      return ids.every((id) => bank[i].options.includes(id));
    });
    if (!fits) return { problem: "restore_bad" };
    const questions = code.answers.map(([i]) => bank[i]);
    const answers = {};
    code.answers.forEach(([i, ids]) => (answers[bank[i].id] = ids));
    const score = S.scoreAttempt(questions, answers, quiz.passMark);
    if (!score.passed) return { problem: "restore_not_passed", values: { percent: score.percent, mark: quiz.passMark } };
    const attempt = {
      percent: score.percent, passed: true, at: code.finishedAt * 1000, earned: S.fractionText(score.earned),
      possible: score.possible, ids: questions.map((q) => q.id), answers, restored: true,
    };
    return { attempt, participant: code.participant };
  }

  function initRestore(section, onRestored) {
    const area = section.querySelector("textarea");
    const status = section.querySelector(".latih-restore-status");
    section.hidden = false;
    section.querySelector("[data-latih-restore-go]").addEventListener("click", () => {
      const got = rescore(area.value, section.querySelector(".latih-restore-key"));
      status.classList.toggle("is-problem", !!got.problem);
      if (got.problem) return (status.textContent = fmt(ui[got.problem], got.values || {}));
      L.storage.update((d) => {
        const record = L.storage.quiz(d, C.certificateQuiz);
        if (!record.attempts.some((a) => a.at === got.attempt.at && a.passed)) record.attempts.push(got.attempt);
        record.best = Math.max(got.attempt.percent, record.best == null ? 0 : record.best);
        // The details the code was issued to, for those the code carries (the rest stay as they are)
        const p = L.storage.isObj(d.participant) ? d.participant : {};
        for (const [k, v] of Object.entries(got.participant)) if (v && FIELDS.some((f) => f.id === k)) p[k] = v;
        d.participant = p;
      });
      status.textContent = fmt(ui.restore_done, { percent: got.attempt.percent });
      document.dispatchEvent(new CustomEvent("latih:details"));
      onRestored();
    });
  }

  // Where the course asks for every lesson opened before the certificate: the ones not opened yet,
  // listed with their links in the locked notice; false when none is missing
  function lessonsMissing(locked) {
    if (!C.certificateLessons || !L.storage) return false;
    const opened = L.storage.read().lessons;
    const missing = (C.lessons || []).filter((l) => !L.storage.isObj(opened) || !Object.prototype.hasOwnProperty.call(opened, l.id));
    const list = locked && locked.querySelector("[data-latih-lessons-missing]");
    if (list && L.ui)
      L.ui.fill(list, missing.length ? L.ui.h("ul", {}, missing.map((l) => L.ui.h("li", {}, L.ui.h("a", { href: L.ui.pageUrl(l.url) }, l.title)))) : []);
    return missing.length > 0;
  }

  function initParticipantPage(doc) {
    const locked = document.querySelector("[data-latih-locked]");
    const form = document.querySelector("[data-latih-details]");
    const actions = document.querySelector(".latih-print-actions");
    const restore = document.querySelector("[data-latih-restore]");
    let attempt = passing();
    if (form) bindDetails(form, () => attempt && showDocument(doc, attempt));
    const open = () => {
      attempt = passing();
      if (!attempt) return false; // stays locked: the page says how to unlock it
      if (lessonsMissing(locked)) return false; // the course asks for every lesson opened too
      locked.hidden = true;
      if (restore) restore.hidden = true;
      // The form shows what the restored code carried
      if (form) for (const input of form.elements) if (input.name && participant()[input.name]) input.value = participant()[input.name];
      form.hidden = doc.hidden = actions.hidden = false;
      const statements = document.querySelector("[data-latih-statements]");
      if (statements) statements.hidden = false;
      showDocument(doc, attempt);
      return true;
    };
    if (!open() && restore) initRestore(restore, () => open() && doc.scrollIntoView({ block: "start" }));
  }

  function initRoster(box) {
    const template = document.getElementById("latih-declaration-template");
    const out = document.querySelector("[data-latih-documents]");
    const status = box.querySelector(".latih-roster-status");
    const actions = box.querySelector(".latih-print-actions");
    const field = (n) => box.querySelector(`[name="${n}"]`);
    let people = [];
    const where = () => {
      const place = field("place").value.trim();
      const date = field("date").value.trim(); // typed as it should print
      return { place, date, "place-separator": place || !date ? ", " : "" };
    };
    // A sheet per person, all fitted together (linear in the roster's size)
    const render = () => {
      const shared = where();
      const sheets = people.map((p) => {
        const sheet = template.content.firstElementChild.cloneNode(true);
        fill(sheet, { ...shared, ...p });
        return sheet;
      });
      out.replaceChildren(...sheets);
      fitMany(sheets);
      actions.hidden = people.length === 0;
    };
    // Place and date go into every sheet at each change, whatever order the facilitator fills the
    // page in: the sheets stay, only those lines change; they are fitted again once per frame
    let pending = 0;
    const refit = () => {
      pending = 0;
      fitMany(out.querySelectorAll(".latih-sheet"));
    };
    const update = () => {
      const shared = where();
      out.querySelectorAll(".latih-sheet").forEach((sheet) => fill(sheet, shared));
      pending = pending || requestAnimationFrame(refit);
    };
    for (const name of ["place", "date"]) field(name).addEventListener("input", update);
    if (!field("date").value) field("date").value = dateText(Date.now());
    field("roster").addEventListener("change", async () => {
      const file = field("roster").files[0];
      if (!file) return;
      box.querySelector("[data-latih-file-name]").textContent = file.name;
      const number = FIELDS.find((f) => f.id === "nip") || { rule: "" };
      const roster = readRoster(await file.text(), { number, keepBad: true });
      const blankNumber = roster.bad.filter((b) => b.person);
      // In the file's order, those to complete by hand among the others
      people = roster.people.concat(blankNumber.map((b) => Object.assign({ row: b.row }, b.person))).sort((a, b) => a.row - b.row);
      render();
      status.textContent = "";
      const say = (text, tag = "p") => status.appendChild(document.createElement(tag)).append(text);
      if (roster.missingColumns.length) return say(ui.roster_no_name_column);
      say(fmt(ui.roster_count, { n: people.length }));
      const list = (title, rows) => {
        if (!rows.length) return;
        say(title);
        const items = status.appendChild(document.createElement("ul"));
        rows.forEach((b) => {
          const item = items.appendChild(document.createElement("li"));
          item.dataset.row = b.row;
          const reason = b.reason === "field_invalid" ? number.message || ui.field_invalid : ui[b.reason];
          item.textContent = `${fmt(ui.roster_row, { row: b.row })}${b.value ? " (" + b.value + ")" : ""}: ${reason}`;
        });
      };
      list(fmt(ui.roster_blank_number, { label: number.label || ui.field_number }), blankNumber);
      list(ui.roster_bad, roster.bad.filter((b) => !b.person));
    });
    box.querySelector("[data-latih-blank]").addEventListener("click", () => {
      const n = Math.max(1, Math.min(500, parseInt(field("blank").value, 10) || 1));
      people = Array.from({ length: n }, () => ({}));
      render();
      status.textContent = fmt(ui.roster_count, { n });
    });
  }

  // A declaration without a place is easy to print by mistake: ask once, then print as it is
  function printAsked() {
    const prompt = document.querySelector("[data-latih-place-prompt]");
    const place = document.querySelector('[data-latih-details] input[name="place"]');
    if (prompt && place && !place.value.trim() && prompt.hidden) {
      prompt.hidden = false;
      return place.focus();
    }
    if (prompt) prompt.hidden = true;
    window.print();
  }

  function init() {
    document.querySelectorAll("[data-latih-print]").forEach((b) => (b.onclick = () => printAsked()));
    const doc = document.querySelector("[data-latih-document]");
    if (doc && !doc.dataset.latihReady) (doc.dataset.latihReady = "1"), initParticipantPage(doc);
    const box = document.querySelector("[data-latih-roster]");
    if (box && !box.dataset.latihReady) (box.dataset.latihReady = "1"), initRoster(box);
    for (const card of document.querySelectorAll("[data-latih-details-card]"))
      if (!card.dataset.latihReady && L.storage) (card.dataset.latihReady = "1"), detailsCard(card);
  }

  // Loaded after the results it completes: Latih.load("codes") in ui.js calls codeBox
  L.documents = { nipProblem, normaliseNip, readRoster, dateText, codeBox, fit, fitAll, fitMany, detailsProblem };
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

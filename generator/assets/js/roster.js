/* Latih's roster printing: the facilitator's spreadsheet (CSV) read in the browser, a declaration
 * sheet per person. Rules for NIPs and rosters mirror generator/roster.py (tests/vectors/roster.json).
 * Runs after details.js, and after sheets.js in its bundle: it uses their helpers. */
(function () {
  "use strict";
  const C = window.LatihCourse || {};
  const ui = C.ui || {};
  const L = (window.Latih = window.Latih || {});
  const { fmt, FIELDS, nipProblem, normaliseNip } = L.details;
  const { fill, fitMany, dateText } = L.documents;

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

  function init() {
    const box = document.querySelector("[data-latih-roster]");
    if (box && !box.dataset.latihReady) (box.dataset.latihReady = "1"), initRoster(box);
  }

  L.documents.readRoster = readRoster;
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

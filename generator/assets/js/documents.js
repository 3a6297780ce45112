/* Latih documents: the certificate and the participant's declaration, opened once the certificate
 * quiz is passed. Runs after details.js, and after sheets.js in its bundle; the results code on a
 * certificate comes with codes.js and the restore of a code from another device with restore.js,
 * both fetched at idle once the page opened (ui.js), else when used. */
(function () {
  "use strict";
  const C = window.LatihCourse || {};
  const ui = C.ui || {};
  const L = (window.Latih = window.Latih || {});
  const { fmt, el, field, participant, bindDetails } = L.details;
  const { dateText, fill, fit } = L.documents;

  // The best passing attempt of the certificate quiz, or null while it is locked
  function passing() {
    if (!L.storage || !C.certificateQuiz) return null;
    const done = L.storage.peek(C.certificateQuiz).attempts.filter((a) => a.passed);
    return done.sort((a, b) => b.percent - a.percent || (b.at || 0) - (a.at || 0))[0] || null;
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
    const codes = L.codes || {}; // absent only where codes.js could not be fetched: no code then
    const code = attempt && codes.resultsCode ? codes.resultsCode(C.certificateQuiz, attempt, p) : "";
    const number = field("nip");
    const unbacked = document.querySelector("[data-latih-unbacked]");
    if (unbacked) unbacked.hidden = !attempt || !!code;
    // No code because codes.js could not be fetched (the connection dropped): reloading brings it
    if (unbacked && attempt && !L.codes) unbacked.textContent = ui.offline_part;
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
      reference: code ? codes.referenceOf(code) : "",
    });
    const name = doc.querySelector(".latih-certificate-name");
    if (name) name.dataset.length = lengthStep(p.name || "");
    // Degrees after the name ("…, S.H., M.Si.") stay together when the name breaks
    for (const slot of doc.querySelectorAll('[data-field="name"]')) keepDegrees(slot, p.name || "");
    const qr = doc.querySelector('[data-field="qr"]');
    if (qr) code ? codes.qrSet(qr, code) : qr.replaceChildren();
    const reference = doc.querySelector(".latih-certificate-code");
    if (reference) reference.hidden = !code;
    doc.querySelectorAll(".latih-sheet").forEach(fit);
    if (doc.classList.contains("latih-sheet")) fit(doc);
  }

  // Shown at once; the code that may print with it (codes.js) is fetched the first time
  function initRestore(section, onRestored) {
    section.hidden = false;
    section.dataset.latihReady = "1"; // its handlers are bound
    const fetch = () => L.load("restore");
    section.querySelector("textarea").addEventListener("input", () => fetch().catch(() => {}), { once: true });
    section.querySelector("[data-latih-restore-go]").addEventListener("click", () =>
      fetch().then(
        () => L.restore(section, onRestored),
        () => (section.querySelector(".latih-restore-status").textContent = ui.offline_part)
      )
    );
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
    let fetched = !!L.codes;
    const open = (then) => {
      attempt = passing();
      if (!attempt) return false; // stays locked: the page says how to unlock it
      if (lessonsMissing(locked)) return false; // the course asks for every lesson opened too
      // The certificate's results code comes with codes.js: fetched once, the documents shown after
      if (!fetched) return (fetched = true), L.load("codes").then(() => open(then), () => open(then)), true;
      locked.hidden = true;
      if (restore) restore.hidden = true;
      // The form shows what the restored code carried
      if (form) for (const input of form.elements) if (input.name && participant()[input.name]) input.value = participant()[input.name];
      form.hidden = doc.hidden = actions.hidden = false;
      const statements = document.querySelector("[data-latih-statements]");
      if (statements) statements.hidden = false;
      showDocument(doc, attempt);
      if (then) then();
      return true;
    };
    if (!open() && restore) initRestore(restore, () => open(() => doc.scrollIntoView({ block: "start" })));
  }

  function init() {
    const doc = document.querySelector("[data-latih-document]");
    if (doc && !doc.dataset.latihReady) (doc.dataset.latihReady = "1"), initParticipantPage(doc);
  }

  L.documents.participantPage = true;
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

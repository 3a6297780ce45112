/* Latih results codes on the page: a finished graded attempt's code (results.js), its QR codes
 * (the vendored lean-qr, fetched when a code is first drawn), the code box after a pretest, posttest
 * or exam, and the code on the certificate. Runs after details.js, whose helpers it uses. */
(function () {
  "use strict";
  const C = window.LatihCourse || {};
  const ui = C.ui || {};
  const L = (window.Latih = window.Latih || {});
  const { fmt, el, participant, whoLine, detailsForm, bindDetails, onDetails } = L.details;
  const QR_LIBRARY = "vendor/lean-qr/lean-qr"; // latih/vendor/lean-qr/lean-qr.js

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


  // The code's QR codes: one, or numbered parts past one QR code's capacity. The generator only
  // ever draws rectangles, so no participant text becomes markup. Never throws.
  function qrSet(box, code, zoom) {
    box.replaceChildren();
    const R = L.results;
    if (!code || !R || !R.qrSvg) return;
    // The QR library comes with the first code drawn (a page that links it has it already)
    if (!window.leanQr) return void L.load(QR_LIBRARY).then(() => window.leanQr && qrSet(box, code, zoom), () => {});
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

  // Loaded after the results it completes: Latih.load("codes") in ui.js calls codeBox
  L.codes = { resultsCode, qrSet, referenceOf, codeBox };
  L.documents = Object.assign(L.documents || {}, { codeBox });
})();

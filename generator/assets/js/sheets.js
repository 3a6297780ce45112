/* Latih's printed sheets: a document's slots filled, its text fitted to one A4 page, printed. Shared
 * by the certificate and declaration (documents.js) and the roster printing (roster.js), which run
 * after it; `latih declarations` and signed certificates embed it alone, for fitAll. */
(function () {
  "use strict";
  const C = window.LatihCourse || {};
  const L = (window.Latih = window.Latih || {});
  const dateText = (when) =>
    new Intl.DateTimeFormat(C.language === "en" ? "en-GB" : "id-ID", {
      day: "numeric",
      month: "long",
      year: "numeric",
    }).format(new Date(when));

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
  }

  L.documents = Object.assign(L.documents || {}, { dateText, fill, fit, fitAll, fitMany });
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

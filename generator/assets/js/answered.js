/* Latih "where am I" on a graded quiz: a bar that stays at the bottom of the screen while the
 * attempt is open, "12/20 terjawab", with a jump to the first question still unanswered; and the
 * note on restored answers says where to continue. It only reads the quiz's page (the questions
 * on show, their checked inputs), so quiz.js stays the one owner of answers and attempts. */
(function () {
  "use strict";
  const L = window.Latih || {};
  const course = window.LatihCourse || {};
  const ui = course.ui || {};
  if (!L.ui || L.answeredReady) return;
  L.answeredReady = true;
  const { h, t } = L.ui;
  const seen = new WeakSet();

  function setup(quiz) {
    if (seen.has(quiz) || quiz.dataset.kind === "practice") return;
    seen.add(quiz);
    const id = quiz.dataset.quiz;
    const questions = document.querySelector('.latih-questions[data-quiz="' + CSS.escape(id) + '"]');
    if (!questions) return;
    const count = h("span", { class: "latih-answered-count" });
    const jump = h("button", { type: "button", class: "md-button latih-answered-jump" }, ui.answered_jump);
    const bar = h("div", { class: "latih-answered md-typeset", role: "group", "aria-label": ui.answered_label }, count, " ", jump);
    questions.after(bar);
    let first = null; // the first question on show without an answer
    const update = () => {
      const results = quiz.parentElement.querySelector(".latih-results");
      const shown = [...questions.querySelectorAll(".latih-question:not([hidden])")];
      const open = shown.length > 0 && !(results && !results.hidden);
      bar.hidden = !open;
      if (!open) return;
      const done = shown.filter((s) => s.querySelector("input:checked"));
      first = shown.find((s) => !s.querySelector("input:checked")) || null;
      count.textContent = t("answered_count", { n: done.length, total: shown.length });
      jump.hidden = !first;
      const note = quiz.parentElement.querySelector('[data-note="resume_note"]');
      if (note && first && !note.querySelector(".latih-continue")) {
        const number = first.querySelector(".latih-question-number");
        note.append(" ", h("a", { class: "latih-continue", href: "#" + first.id, onclick: (e) => (e.preventDefault(), go()) }, t("continue_at", { question: number ? number.textContent : "" })));
      }
    };
    const go = () => {
      if (!first) return;
      first.scrollIntoView({ block: "start" });
      const input = first.querySelector("input");
      if (input) input.focus({ preventScroll: true });
    };
    jump.addEventListener("click", go);
    questions.addEventListener("change", update);
    // quiz.js shows and hides questions and results as attempts start and end
    // (its own changes, inside the bar, are not news)
    new MutationObserver((records) => records.some((r) => !bar.contains(r.target)) && update()).observe(quiz.parentElement, { subtree: true, attributes: true, attributeFilter: ["hidden"], childList: true });
    update();
  }

  function init() {
    document.querySelectorAll(".latih-quiz[data-quiz]").forEach(setup);
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

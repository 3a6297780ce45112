/* Latih's explanation of an answer, for practice.js (after a check) and results-view.js (the review
 * of a graded attempt): one source joined into both bundles, run once whichever comes first. */
(function () {
  "use strict";
  const L = window.Latih || {};
  const ui = (window.LatihCourse || {}).ui || {};
  if (!L.ui || !L.storage || L.quizExplain) return;
  const { h } = L.ui;
  const S = L.storage;

  const optionText = (b, o) => b.labels.get(o).querySelector(".latih-option-text").textContent.trim();
  const answerText = (b, ids) => (ids.length ? ids.map((o) => optionText(b, o)).join("; ") : ui.no_answer);
  const verdictLine = (v) => h("p", { class: "latih-verdict is-" + v }, ui[v]);

  // What a participant learns from an answer: the right one, the chosen options' feedback, why.
  // `shown`: which parts the participant may see (answers, feedback, explanations).
  function explain(b, chosen, v, review, shown) {
    const line = (label, text) => h("p", { class: "latih-answer" }, h("strong", {}, label + ": "), text);
    const may = shown || { answers: true, feedback: true, explanations: true };
    return [
      review && line(ui.your_answer, answerText(b, chosen)),
      may.answers && (review || v !== "correct") && line(ui.right_answer, answerText(b, b.options.filter((o) => b.correct.includes(o)))),
      chosen
        .filter((o) => may.feedback && S.own(b.feedback, o))
        .map((o) => h("div", {}, b.type === "multiple" && h("p", {}, h("strong", {}, optionText(b, o))), h("div", { html: b.feedback[o] }))),
      may.explanations && b.explanation && h("div", { class: "latih-explanation" }, h("p", {}, h("strong", {}, ui.explanation)), h("div", { html: b.explanation })),
    ];
  }


  L.quizExplain = { explain, answerText, verdictLine };
})();

/* Latih practice quizzes: check one question at a time, the answer on the second wrong try or on
 * request ("Tampilkan jawaban"), and the end line once every question was right. Linked by practice
 * pages after quiz.js, whose Latih.quiz it uses; quiz.js calls it from its setup and render. */
(function () {
  "use strict";
  const L = window.Latih || {};
  const ui = (window.LatihCourse || {}).ui || {};
  if (!L.quiz || !L.quizExplain || L.quizPractice) return;
  const { h, t, fill, button } = L.ui;
  const S = L.storage;
  const { questionPoints } = L.scoring;
  const { list, inputs, chosenOf, score, verdict, mark, show, announce, save, changed } = L.quiz;
  const { explain, answerText, verdictLine } = L.quizExplain;

  // A question's "Check" button and, after the verdict, the answer for whoever wants it now
  // rather than after another try
  function question(q, b) {
    b.reveal = button(ui.show_answer, () => showAnswer(q, b));
    b.reveal.hidden = true;
    b.section.append(h("div", { class: "latih-actions" }, (b.button = button(ui.check, () => check(q, b)))), b.result, h("div", { class: "latih-reveal" }, b.reveal));
  }

  // Once every question was checked right, how it went and where to go next
  function quiz(q, end) {
    q.finished = h("p", { class: "latih-practice-done", hidden: true });
    end.append(q.finished);
  }

  // "3 dari 3 benar · Lanjut →": first-try figures, and the next page of the course (the theme's own
  // "next" link in the footer follows the outline)
  function finished(q) {
    const a = q.attempt;
    q.finished.hidden = q.graded || !a.mastered;
    if (q.finished.hidden) return;
    const right = a.ids.filter((x) => verdict(q.byId.get(x), questionPoints(q.byId.get(x), list(S.own(a.first, x)))) === "correct").length;
    const next = document.querySelector("a.md-footer__link--next");
    fill(q.finished, [
      h("strong", {}, t("practice_right_first", { n: right, total: a.ids.length })),
      next && [" · ", h("a", { href: next.getAttribute("href"), class: "latih-next" }, ui.practice_next + " →")],
    ]);
  }

  // Practice: check one question at a time, as often as the participant likes.
  // A practice quiz counts as passed once every question of the attempt was checked right at least
  // once (practice is for learning: a slip is not held against anyone); the score it records is
  // that of each question's first check, an honest "right first time" figure.
  function check(q, b) {
    const a = q.attempt;
    if (b.retry) {
      for (const input of inputs(b)) input.checked = false;
      changed(q, b.section);
      return inputs(b)[0].focus();
    }
    const chosen = chosenOf(q, b);
    if (!chosen.length) {
      show(b, "", h("p", { class: "latih-verdict" }, ui.choose_first));
      return announce(q, ui.choose_first);
    }
    const v = verdict(b, questionPoints(b, chosen));
    if (!S.own(a.first, b.id)) a.first[b.id] = chosen;
    if (v === "correct" && !a.solved.includes(b.id)) a.solved.push(b.id);
    // The answer is the participant's to find: shown on the second wrong try, or when asked for
    if (v !== "correct") a.wrong[b.id] = (+S.own(a.wrong, b.id) || 0) + 1;
    const reveal = v === "correct" || a.wrong[b.id] >= 2 || a.revealed.includes(b.id);
    mark(b, chosen, reveal);
    const shown = { answers: reveal, feedback: true, explanations: reveal };
    show(b, v, verdictLine(v), explain(b, chosen, v, false, shown));
    b.reveal.hidden = reveal;
    if (v !== "correct") {
      b.button.textContent = ui.try_again;
      b.retry = true;
    }
    announce(q, t("question_n", { n: b.number }) + ": " + ui[v]);
    if (!a.mastered && a.ids.every((x) => a.solved.includes(x))) {
      a.mastered = Date.now();
      save(q, score(q, a.first), true);
      finished(q);
    } else save(q);
  }

  // "Show answer": the right answer and the explanation, on request (H5P's "Show solution")
  function showAnswer(q, b) {
    const a = q.attempt;
    if (!a.revealed.includes(b.id)) a.revealed.push(b.id);
    const chosen = chosenOf(q, b);
    const v = chosen.length ? verdict(b, questionPoints(b, chosen)) : "incorrect";
    mark(b, chosen);
    const parts = explain(b, chosen, v, false, { answers: true, feedback: chosen.length > 0, explanations: true });
    show(b, chosen.length ? v : "", chosen.length && verdictLine(v), h("p", { class: "latih-answer" }, h("strong", {}, ui.right_answer + ": "), answerText(b, b.options.filter((o) => b.correct.includes(o)))), parts.slice(2));
    b.reveal.hidden = true;
    announce(q, t("question_n", { n: b.number }) + ": " + ui.right_answer);
    save(q);
  }

  L.quizPractice = { question, quiz, finished };
})();

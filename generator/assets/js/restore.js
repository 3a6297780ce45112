/* Latih's restore on a locked certificate: a results code of the certificate quiz, pasted from
 * another device, re-scored here and stored as a passed attempt. Fetched by documents.js when the
 * participant starts typing or pasting a code (Latih.load("restore")), after results.js and scoring.js. */
(function () {
  "use strict";
  const C = window.LatihCourse || {};
  const ui = C.ui || {};
  const L = (window.Latih = window.Latih || {});
  const { fmt, FIELDS } = L.details;

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

  // The restore form's button: re-score the code, store the attempt and the details it carries
  L.restore = function restore(section, onRestored) {
    const status = section.querySelector(".latih-restore-status");
    const got = rescore(section.querySelector("textarea").value, section.querySelector(".latih-restore-key"));
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
  };
})();

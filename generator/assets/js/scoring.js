/* Latih scoring: the same rules as generator/scoring.py, both pinned by
 * tests/vectors/scoring.json, so the page and the facilitator's re-scoring agree.
 * A classic script, not a module: Chromium refuses module scripts on file:// pages. */
(function () {
  "use strict";
  if (window.Latih && window.Latih.scoring) return; // joined into several bundles: runs once

  // Points are exact fractions {n, d} in lowest terms, so a pass mark is never missed by a
  // rounding error. Plain integers stay exact far beyond any quiz a person could sit (2^53).
  function gcd(a, b) {
    while (b) [a, b] = [b, a % b];
    return a;
  }
  function frac(n, d = 1) {
    const g = gcd(n, d);
    return { n: n / g, d: d / g };
  }
  function add(a, b) {
    return frac(a.n * b.d + b.n * a.d, a.d * b.d);
  }

  function questionPoints(question, chosen) {
    // Choosing an option twice is choosing it once; nothing chosen is unanswered.
    const picked = new Set(chosen || []);
    if (picked.size === 0) return frac(0);
    const correct = new Set(question.correct);
    let right = 0;
    for (const id of picked) if (correct.has(id)) right++;
    // Unknown ids count as wrong too: a corrupt answer must never earn more than an honest one.
    const wrong = picked.size - right;
    if (question.type === "multiple" && question.partial && correct.size) {
      // Each wrong choice cancels a right one, so ticking every box earns nothing.
      return frac(question.points * Math.max(0, right - wrong), correct.size);
    }
    // true_false, single and multiple without partial credit: all or nothing on the exact set.
    return frac(right === correct.size && wrong === 0 ? question.points : 0);
  }

  // Whole percent rounded down, by integer division: a float could show 80% for 79.999...%.
  function percent(earned, possible) {
    if (!possible) return 0;
    const a = earned.n * 100;
    const b = earned.d * possible;
    return (a - (a % b)) / b;
  }

  // Whole percent rounded to the nearest (half up), for the per-topic breakdown: 2 of 3 is 67%.
  // The quiz's own percent stays rounded down, so that it never shows the pass mark on a fail.
  function roundedPercent(earned, possible) {
    if (!possible) return 0;
    const a = earned.n * 200 + earned.d * possible;
    const b = earned.d * possible * 2;
    return (a - (a % b)) / b;
  }

  // Cross-multiplied, so 4 out of 5 at a pass mark of 80 passes; an empty quiz always passes.
  function passed(earned, possible, passMark) {
    return earned.n * 100 >= passMark * possible * earned.d;
  }

  // Topics are keyed in order of their first question, except that JavaScript puts numeric
  // keys ("1", "2") first: walk the questions when display order matters.
  function scoreAttempt(questions, answers, passMark) {
    const perQuestion = {};
    const topics = {};
    let earned = frac(0);
    let possible = 0;
    for (const q of questions) {
      // Own keys only, so a question id such as "constructor" is never read off the prototype.
      const chosen = answers && Object.hasOwn(answers, q.id) ? answers[q.id] : [];
      const points = questionPoints(q, chosen);
      perQuestion[q.id] = points;
      earned = add(earned, points);
      possible += q.points;
      if (!Object.hasOwn(topics, q.topic)) topics[q.topic] = { earned: frac(0), possible: 0 };
      const topic = topics[q.topic];
      topic.earned = add(topic.earned, points);
      topic.possible += q.points;
    }
    for (const topic of Object.values(topics)) topic.percent = percent(topic.earned, topic.possible);
    return {
      perQuestion,
      earned,
      possible,
      percent: percent(earned, possible),
      passed: passed(earned, possible, passMark),
      topics,
    };
  }

  function fractionText(f) {
    return f.d === 1 ? String(f.n) : f.n + "/" + f.d;
  }

  window.Latih = window.Latih || {};
  window.Latih.scoring = { questionPoints, scoreAttempt, passed, fractionText, roundedPercent };
})();

/* Latih quiz runtime: draws, shuffles, checks and scores the quizzes of a page.
 * The questions are plain HTML; the answer key (right options, explanations, feedback) is
 * concealed in .latih-key and revealed here. Scoring is Latih.scoring, the facilitator's rules;
 * progress goes through Latih.storage. */
(function () {
  "use strict";
  const L = (window.Latih = window.Latih || {});
  const S = L.storage;
  const course = window.LatihCourse || {};
  const ui = course.ui || {};
  const KEEP = 20; // finished attempts kept per quiz: a history, yet bounded storage

  const { h, t, parts, fill, join, button, pageUrl } = L.ui || {};

  const list = (v) => (Array.isArray(v) ? v : []);
  function shuffled(items, random) {
    const a = items.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor((random || Math.random)() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }

  // Draws `count` of `items` ({id, topic, tf: the key of a true_false question, else null}), the
  // ones shown least recently first (`recency(id)`: larger is more recent, -1 never shown). A
  // `blueprint` ({counts: {topic: n}, balance}) takes n of each topic first and the rest of `count`
  // from the rest of the bank; `balance` then swaps questions within their topic until true_false
  // keys true and false differ by at most one, as far as the bank allows. Linear in the bank.
  function drawQuestions(items, count, blueprint, recency, random) {
    const order = shuffled(items, random).sort((x, y) => recency(x.id) - recency(y.id));
    if (!blueprint) return order.slice(0, count).map((x) => x.id);
    const chosen = new Set();
    const fixed = new Set(); // drawn for their topic: a swap keeps the topic
    const byTopic = new Map();
    for (const x of order) {
      if (!byTopic.has(x.topic)) byTopic.set(x.topic, []);
      byTopic.get(x.topic).push(x);
    }
    for (const [topic, n] of Object.entries(blueprint.counts || {})) {
      for (const x of (byTopic.get(topic) || []).slice(0, n)) (chosen.add(x), fixed.add(x));
    }
    for (const x of order) {
      if (chosen.size >= count) break;
      chosen.add(x);
    }
    if (blueprint.balance) {
      let diff = 0;
      for (const x of chosen) if (x.tf !== null) diff += x.tf ? 1 : -1;
      const more = diff > 0; // the key there are too many of
      // Swapped in, best first: a true_false keyed the other way (closes the gap by two), else another type
      const queue = (list) => ({ list, i: 0, j: 0 });
      const next = (qu) => {
        while (qu.i < qu.list.length) {
          const x = qu.list[qu.i++];
          if (!chosen.has(x) && x.tf === !more) return x;
        }
        while (qu.j < qu.list.length) {
          const x = qu.list[qu.j++];
          if (!chosen.has(x) && x.tf === null) return x;
        }
        return null;
      };
      const topicQueues = new Map([...byTopic].map(([topic, list]) => [topic, queue(list)]));
      const anyQueue = queue(order);
      // Swapped out: the most recently shown first
      const out = [...chosen].filter((x) => x.tf === more).reverse();
      for (const x of out) {
        if (Math.abs(diff) <= 1) break;
        const y = next(fixed.has(x) ? topicQueues.get(x.topic) : anyQueue);
        if (!y) continue;
        chosen.delete(x);
        chosen.add(y);
        if (fixed.has(x)) fixed.add(y);
        diff += (more ? -1 : 1) * (y.tf === null ? 1 : 2);
      }
    }
    return order.filter((x) => chosen.has(x)).map((x) => x.id);
  }
  L.drawQuestions = drawQuestions;

  if (!S || !L.scoring || !L.ui) return;
  L.quizReady = true;
  const { questionPoints, scoreAttempt, passed, fractionText, roundedPercent } = L.scoring;
  const parsed = (text) => {
    try {
      return text ? JSON.parse(text) : null;
    } catch (e) {
      return null;
    }
  };

  let active = []; // the quizzes of the page on show
  const seen = new WeakSet(); // keeps init idempotent

  function setup(el) {
    if (seen.has(el)) return;
    seen.add(el);
    const d = el.dataset;
    const part = (cls) => document.querySelector(cls + '[data-quiz="' + CSS.escape(d.quiz) + '"]');
    const [keyEl, box, end] = [".latih-key", ".latih-questions", ".latih-quiz-end"].map(part);
    if (!box || !end) return;
    let key;
    try {
      key = L.reveal(keyEl.dataset.key, keyEl.dataset.seed);
    } catch (e) {
      return; // a damaged page: its questions stay readable, nothing can be checked
    }
    const q = {
      el,
      id: d.quiz,
      box,
      kind: d.kind,
      graded: d.kind !== "practice",
      passMark: +d.passMark || 0,
      draw: +d.draw || 0,
      blueprint: parsed(d.blueprint),
      review: parsed(d.review) || {},
      attempts: +d.attempts || 0,
      bank: [],
      byId: new Map(),
      // One polite live region per quiz carries every verdict to screen readers
      live: h("div", { class: "latih-sr", role: "status", "aria-live": "polite" }),
      notes: h("div"),
      info: h("p", { class: "latih-attempt" }),
      actions: h("div", { class: "latih-actions" }),
      confirm: h("div", { class: "latih-confirm", hidden: true }),
      results: h("section", { class: "latih-results", hidden: true, "aria-labelledby": "latih-score-" + d.quiz }),
      // Practice: once every question was checked right, how it went and where to go next
      finished: h("p", { class: "latih-practice-done", hidden: true }),
    };
    q.shuffle = (b) => (b ? d.shuffleOptions : d.shuffleQuestions) === "true" && (!b || b.type !== "true_false");
    for (const section of box.querySelectorAll(".latih-question")) {
      const k = S.own(key, section.dataset.question) || {};
      const labels = new Map([...section.querySelectorAll(".latih-option")].map((l) => [l.dataset.option, l]));
      const b = {
        id: section.dataset.question,
        type: section.dataset.type,
        topic: section.dataset.topic || "",
        points: +section.dataset.points || 0,
        partial: section.dataset.partial === "true",
        options: [...labels.keys()],
        correct: list(k.c),
        explanation: k.e,
        feedback: S.isObj(k.f) ? k.f : {},
        section,
        labels,
        fieldset: section.querySelector("fieldset"),
        result: h("div", { class: "latih-feedback", hidden: true }),
      };
      if (!q.graded) {
        b.reveal = button(ui.show_answer, () => showAnswer(q, b));
        b.reveal.hidden = true;
        section.append(h("div", { class: "latih-actions" }, (b.button = button(ui.check, () => check(q, b)))));
      }
      section.append(b.result);
      // After the verdict: the answer, for whoever wants it now rather than after another try
      if (b.reveal) section.append(h("div", { class: "latih-reveal" }, b.reveal));
      q.bank.push(b);
      q.byId.set(b.id, b);
    }
    if (q.draw >= q.bank.length) q.draw = 0;
    el.append(q.notes, q.live);
    if (q.graded) q.notes.append(q.info);
    q.actions.append(q.graded ? button(ui.submit, () => submit(q), true) : button(ui.retry, () => retry(q)));
    end.append(q.finished, q.actions, q.confirm, q.results);
    box.addEventListener("change", (e) => changed(q, e.target.closest(".latih-question")));

    active.push(q);
    const current = S.peek(q.id).current;
    if (valid(q, current)) {
      q.attempt = normalise(current);
      render(q);
      if (!current.done && Object.keys(current.answers).length) note(q, "resume_note");
    } else retry(q, true);
    if (!S.ok) note(q, "storage_off");
  }

  // A retry is a new test: a draw prefers the questions shown least recently, so a bank at least
  // twice the draw gives a set with no question of the attempt before. Earlier attempts' ids are
  // kept in storage with their scores; the attempt on show is the most recent of all.
  function newAttempt(q) {
    const all = q.bank.map((b) => b.id);
    const record = S.peek(q.id);
    const before = record.attempts.map((a) => list(a.ids));
    if (q.attempt) before.push(list(q.attempt.ids));
    const last = new Map(); // question id -> the latest attempt that showed it
    before.forEach((ids, i) => ids.forEach((x) => last.set(x, i)));
    const recency = (x) => (last.has(x) ? last.get(x) : -1);
    const items = q.bank.map((b) => ({ id: b.id, topic: b.topic, tf: b.type === "true_false" ? b.correct[0] === "a" : null }));
    let ids = q.draw ? drawQuestions(items, q.draw, q.blueprint, recency) : all;
    const previous = new Set(before.length ? before[before.length - 1] : []);
    const fresh = q.draw && previous.size ? ids.filter((x) => !previous.has(x)).length : null;
    const drawn = new Set(ids);
    ids = q.shuffle() ? shuffled(ids) : all.filter((x) => drawn.has(x));
    const opts = {};
    for (const x of ids) {
      const b = q.byId.get(x);
      // true_false keeps its labels in the written order: "yes, no" reads as a pair
      opts[x] = q.shuffle(b) ? shuffled(b.options) : b.options;
    }
    return normalise({ n: record.attempts.length + 1, started: Date.now(), ids, opts, answers: {}, fresh });
  }

  // A stored attempt is resumed only if it fits the questions on the page.
  function valid(q, a) {
    const size = q.draw || q.bank.length;
    const fits = (x) => {
      const b = q.byId.get(x);
      const o = list(S.own(a.opts, x));
      return b && o.length === b.options.length && b.options.every((y) => o.includes(y));
    };
    return S.isObj(a) && S.isObj(a.answers) && Array.isArray(a.ids) && new Set(a.ids).size === size && a.ids.length === size && a.ids.every(fits);
  }

  function normalise(a) {
    a.n = +a.n || 1;
    if (!S.isObj(a.first)) a.first = {};
    a.solved = list(a.solved);
    a.revealed = list(a.revealed);
    if (!S.isObj(a.wrong)) a.wrong = {};
    return a;
  }

  // Saves the attempt, and with a score, records it as finished.
  function save(q, s, ok) {
    const a = q.attempt;
    S.update((data) => {
      const r = S.quiz(data, q.id);
      r.current = a;
      if (!s) return;
      const at = a.done || a.mastered;
      const answers = q.graded ? a.answers : a.first;
      r.attempts = [...r.attempts, { percent: s.percent, passed: ok, at, earned: fractionText(s.earned), possible: s.possible, ids: a.ids, answers }].slice(-KEEP);
      r.best = Math.max(s.percent, r.best == null ? 0 : r.best);
    });
  }

  const inputs = (b) => [...b.fieldset.querySelectorAll("input")];
  const chosenOf = (q, b) => list(S.own(q.attempt.answers, b.id));
  const score = (q, answers) => scoreAttempt(q.attempt.ids.map((x) => q.byId.get(x)), answers, q.passMark);
  const verdict = (b, p) => (p.n === 0 ? "incorrect" : p.n >= b.points * p.d ? "correct" : "partly_correct");

  // Puts the attempt on the page: which questions, in which order, with which answers.
  function render(q) {
    const a = q.attempt;
    const done = q.graded && !!a.done;
    for (const b of q.bank) {
      b.section.hidden = !a.ids.includes(b.id);
      const chosen = b.section.hidden ? [] : chosenOf(q, b);
      for (const input of inputs(b)) {
        input.checked = chosen.includes(input.value);
        input.disabled = done;
      }
      clear(b);
    }
    a.ids.forEach((x, i) => {
      const b = q.byId.get(x);
      b.number = i + 1;
      q.box.append(b.section);
      const number = b.section.querySelector(".latih-question-number");
      if (number) number.textContent = t("question_n_of", { n: i + 1, total: a.ids.length });
      for (const o of a.opts[x]) b.fieldset.append(b.labels.get(o));
    });
    a.answers = answers(q); // drops stored option ids the page does not have
    q.info.textContent = attemptText(q, a);
    q.confirm.hidden = true;
    q.actions.hidden = done;
    q.results.hidden = !done;
    if (done) showResults(q);
    else q.results.replaceChildren();
    finished(q);
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

  // "Attempt 2: a new set of questions", when a draw gave this attempt questions the last one lacked
  function attemptText(q, a) {
    const total = a.ids.length;
    if (!q.draw || a.n < 2 || !Number.isFinite(a.fresh)) return t("attempt", { n: a.n });
    if (a.fresh >= total) return t("attempt_new_set", { n: a.n });
    return t(a.fresh ? "attempt_partly_new" : "attempt", { n: a.n, fresh: a.fresh, total });
  }

  function answers(q) {
    const found = {};
    for (const x of q.attempt.ids) {
      const chosen = inputs(q.byId.get(x)).filter((i) => i.checked).map((i) => i.value);
      if (chosen.length) found[x] = chosen.sort();
    }
    return found;
  }

  function changed(q, section) {
    const b = section && q.byId.get(section.dataset.question);
    if (!b || (q.graded && q.attempt.done)) return;
    q.attempt.answers = answers(q);
    clear(b); // a verdict on another answer would mislead
    q.confirm.hidden = true;
    q.actions.hidden = false;
    save(q);
  }

  function note(q, key) {
    if (!q.notes.querySelector('[data-note="' + key + '"]')) q.notes.append(h("p", { class: "latih-note", "data-note": key }, ui[key]));
  }

  function announce(q, text) {
    q.live.textContent = ""; // emptied first, so the same verdict twice is heard twice
    setTimeout(() => (q.live.textContent = text), 50);
  }

  // `answers`: the right options are marked too, not only the chosen ones
  function mark(b, chosen, answers = true) {
    for (const [o, label] of b.labels) {
      label.classList.toggle("latih-right", b.correct.includes(o) && (answers || chosen.includes(o)));
      label.classList.toggle("latih-wrong", chosen.includes(o) && !b.correct.includes(o));
    }
  }

  function clear(b) {
    for (const label of b.labels.values()) label.classList.remove("latih-right", "latih-wrong");
    show(b);
    if (b.reveal) b.reveal.hidden = true;
    if (b.button) b.button.textContent = ui.check;
    b.retry = false;
  }

  function show(b, v, ...content) {
    b.result.className = "latih-feedback" + (v ? " is-" + v : "");
    b.result.hidden = !content.length;
    fill(b.result, content);
  }

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

  // Graded quizzes: one submission for the whole attempt, confirmed when answers are missing.
  function submit(q, confirmed) {
    const a = q.attempt;
    const missing = a.ids.map((x) => q.byId.get(x)).filter((b) => !chosenOf(q, b).length);
    if (missing.length && !confirmed) {
      const warning = h("p", { tabindex: -1 }, t("unanswered_warning", { n: missing.length }));
      const go = (b) => h("a", { href: "#" + b.section.id, onclick: (e) => (e.preventDefault(), inputs(b)[0].focus()) }, t("question_n", { n: b.number }));
      const back = h("p", {}, ui.go_to_unanswered || "", " ", ...join(missing.map(go), ", "));
      fill(q.confirm, warning, back, button(ui.submit, () => submit(q, true), true));
      q.confirm.hidden = false;
      q.actions.hidden = true;
      return warning.focus();
    }
    a.done = Date.now();
    const s = score(q, a.answers);
    save(q, s, s.passed);
    // For anything that reports attempts elsewhere (the SCORM adapter)
    const { percent, possible } = s;
    const detail = { quizId: q.id, kind: q.kind, percent, passed: s.passed, earned: fractionText(s.earned), possible };
    window.dispatchEvent(new CustomEvent("latih:attempt", { detail }));
    render(q);
    const heading = q.results.querySelector("h2");
    // The verdict and the next step at the top of the screen, whatever its size
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
    const said = q.results.querySelector(".latih-verdict");
    announce(q, heading.textContent + (said ? ". " + said.textContent : ""));
  }

  // The results, next step first: the verdict; after passing, the way to the certificate and the
  // results code; after failing, the weak topics with their lessons and the retry; then the
  // topics, then the review, one collapsed item per question (the ones to learn from open).
  function showResults(q) {
    const a = q.attempt;
    const s = score(q, a.answers);
    const percent = h("span", { class: "latih-percent" }, s.percent + "%");
    const pretest = q.kind === "pretest"; // a pretest measures where one starts: no pass or fail
    // What the quiz's review options let the participant see now (after_attempt, after_passing, never)
    const may = {};
    for (const part of ["score", "topics", "verdicts", "answers", "feedback", "explanations"]) {
      const when = S.own(q.review, part) || "after_attempt";
      may[part] = when === "after_attempt" || (when === "after_passing" && s.passed);
    }
    const reviewed = may.verdicts || may.answers || may.feedback || may.explanations;
    const used = S.peek(q.id).attempts.length;
    const left = q.attempts ? Math.max(0, q.attempts - used) : Infinity;
    const topics = [...new Set(a.ids.map((x) => q.byId.get(x).topic))].map((topic) => ({ topic, s: s.topics[topic] }));
    const weak = pretest || s.passed ? [] : topics.filter((x) => !passed(x.s.earned, x.s.possible, q.passMark));
    const certificate = s.passed && course.certificateQuiz === q.id && course.certificateUrl;
    const codeId = "latih-code-" + q.id;
    const retryButton = () =>
      left > 0 ? button(ui.retry, () => retry(q), !s.passed && !pretest) : h("p", { class: "latih-note" }, t("attempts_used", { n: used, max: q.attempts }));
    const steps = [
      certificate && h("a", { class: "md-button md-button--primary", href: pageUrl(course.certificateUrl) }, ui.print_documents),
      h("a", { class: "md-button" + (certificate ? "" : " md-button--primary"), href: "#" + codeId }, ui.send_code),
    ];
    fill(
      q.results,
      may.score ? h("h2", { id: "latih-score-" + q.id, tabindex: -1 }, parts("score", { percent })) : h("h2", { id: "latih-score-" + q.id, tabindex: -1 }, ui.submitted),
      may.score && h("p", {}, t("points", { earned: fractionText(s.earned), possible: s.possible })),
      pretest
        ? h("p", { class: "latih-verdict" }, ui.pretest_done)
        : may.score && h("p", { class: "latih-verdict is-" + (s.passed ? "correct" : "incorrect") }, t(s.passed ? "passed" : "failed", { mark: q.passMark + "%" })),
      q.attempts > 0 && left > 0 && h("p", { class: "latih-note" }, t("attempts_left", { n: left, max: q.attempts })),
      may.topics && weak.length > 0 && [
        h("h3", {}, ui.weak_topics),
        h("ul", { class: "latih-topics" }, weak.map((x) => topicLine(q, x.topic, x.s))),
        h("div", { class: "latih-actions" }, retryButton()),
      ],
      h("div", { class: "latih-actions latih-next-steps" }, steps),
      h("section", { class: "latih-code-box", id: codeId, "data-latih-code-box": "" }),
      may.topics && [h("h3", {}, ui.topics), h("ul", { class: "latih-topics" }, topics.map((x) => topicLine(q, x.topic, x.s)))],
      !reviewed && !pretest && h("p", { class: "latih-note" }, ui.review_after_passing),
      reviewed && h("h3", {}, ui.review),
      reviewed &&
        a.ids.map((x) => {
          const b = q.byId.get(x);
          const chosen = chosenOf(q, b);
          const v = verdict(b, s.perQuestion[x]);
          if (may.verdicts) mark(b, chosen, may.answers);
          const status = may.verdicts ? v : "answered";
          return h(
            "details",
            { class: "latih-review-item is-" + status, open: v !== "correct" || !may.verdicts },
            h("summary", {}, h("strong", {}, t("question_n", { n: b.number })), may.verdicts && [" · ", ui[v]]),
            h("p", {}, b.fieldset.querySelector("legend").textContent, " ", h("a", { href: "#" + b.section.id }, ui.to_question)),
            explain(b, chosen, v, true, may)
          );
        }),
      // A pretest is taken once: a retake after its review would inflate the pre/post comparison
      (weak.length === 0 || !may.topics) && !pretest && h("div", { class: "latih-actions" }, retryButton())
    );
    // Other parts of the site (a results code, say) add to the results from here
    q.el.dispatchEvent(new CustomEvent("latih:result", { bubbles: true, detail: { quiz: q.id, attempt: a, score: s, results: q.results } }));
  }

  function topicLine(q, slug, s) {
    const info = S.own(course.topics, slug);
    const weak = !passed(s.earned, s.possible, q.passMark);
    const shown = roundedPercent(s.earned, s.possible);
    const lessons = list(weak && info && info.lessons).map((x) => list(course.lessons).find((l) => l.id === x)).filter(Boolean);
    return h(
      "li",
      { class: weak ? "is-weak" : "" },
      h("span", { class: "latih-topic-title" }, info ? info.title : slug || ui.general_topic),
      h("strong", { class: "latih-topic-percent" }, shown + "%"),
      h("span", { class: "latih-bar" }, h("span", { style: "width:" + shown + "%" })),
      lessons.length > 0 && h("span", { class: "latih-study" }, ui.study_again + ": ", join(lessons.map((l) => h("a", { href: pageUrl(l.url) }, l.title)), ", "))
    );
  }

  // A new attempt: a new draw and order, no answers.
  function retry(q, quiet) {
    q.attempt = newAttempt(q);
    for (const n of q.notes.querySelectorAll('[data-note="resume_note"]')) n.remove();
    save(q);
    render(q);
    if (!quiet) inputs(q.byId.get(q.attempt.ids[0]))[0].focus();
  }

  // Another tab moved on (answered, submitted, retried): show what it stored.
  S.onChange(() => {
    for (const q of active) {
      const current = S.peek(q.id).current;
      if (valid(q, current) && JSON.stringify(current) !== JSON.stringify(q.attempt)) {
        q.attempt = normalise(current);
        render(q);
      }
    }
  });
  S.onFail(() => active.forEach((q) => note(q, "storage_off")));

  function init() {
    active = active.filter((q) => q.el.isConnected);
    document.querySelectorAll(".latih-quiz[data-quiz]").forEach(setup);
  }
  // mkdocs-material's instant navigation swaps pages without a reload; document$ says when
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

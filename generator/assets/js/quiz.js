/* Latih quiz runtime: draws, shuffles and scores the quizzes of a page, and submits a graded one.
 * The questions are plain HTML; the answer key (right options, explanations, feedback) is
 * concealed in .latih-key and revealed here. Scoring is Latih.scoring, the facilitator's rules;
 * progress goes through Latih.storage. What one kind of quiz alone uses is a bundle of its own,
 * using Latih.quiz: practice.js (check, show answer, the end line; linked by practice pages) and
 * results-view.js (a graded attempt's results; fetched on submit, or at idle once the page opened). */
(function () {
  "use strict";
  const L = (window.Latih = window.Latih || {});
  if (L.quizReady) return; // in two bundles (quiz, graded): runs once
  const S = L.storage;
  const course = window.LatihCourse || {};
  const ui = course.ui || {};
  const KEEP = 20; // finished attempts kept per quiz: a history, yet bounded storage

  const { h, t, fill, join, button } = L.ui || {};

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

  if (!S || !L.ui) return;
  L.quizReady = true;
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
    };
    // A practice quiz's checking comes with practice.js (linked by its page, so at once)
    const P = !q.graded && L.quizPractice;
    if (!q.graded && !P) return void (seen.delete(el), L.load("practice").then(() => setup(el), () => {}));
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
      if (P) P.question(q, b);
      else section.append(b.result);
      q.bank.push(b);
      q.byId.set(b.id, b);
    }
    if (q.draw >= q.bank.length) q.draw = 0;
    el.append(q.notes, q.live);
    if (q.graded) q.notes.append(q.info);
    q.actions.append(q.graded ? button(ui.submit, () => submit(q), true) : button(ui.retry, () => retry(q)));
    if (P) P.quiz(q, end);
    end.append(q.actions, q.confirm, q.results);
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
      r.attempts = [...r.attempts, { percent: s.percent, passed: ok, at, earned: L.scoring.fractionText(s.earned), possible: s.possible, ids: a.ids, answers }].slice(-KEEP);
      r.best = Math.max(s.percent, r.best == null ? 0 : r.best);
    });
  }

  const inputs = (b) => [...b.fieldset.querySelectorAll("input")];
  const chosenOf = (q, b) => list(S.own(q.attempt.answers, b.id));
  // Scoring (scoring.js) comes with practice.js or results-view.js: the page scores what it shows
  const score = (q, answers) => L.scoring.scoreAttempt(q.attempt.ids.map((x) => q.byId.get(x)), answers, q.passMark);
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
    q.results.replaceChildren();
    if (L.quizPractice && !q.graded) L.quizPractice.finished(q);
    return done ? results(q) : Promise.resolve();
  }

  // A graded attempt's results come with results-view.js: fetched at idle once the page opened
  // (ui.js), else now. Without it (the connection dropped, a file missing), the answers are saved
  // and scored all the same, and the page says so: reloaded once connected, it shows the results.
  function results(q) {
    const a = q.attempt;
    const current = () => q.attempt === a && !!a.done && q.el.isConnected;
    return L.load("results-view").then(
      () => current() && L.quizResults.show(q),
      () => current() && fill(q.results, h("p", { class: "latih-note latih-offline", role: "alert", tabindex: -1 }, ui.offline_results))
    );
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
    a.pending = true; // submitted, not yet scored: record() does, once results-view.js is here
    save(q);
    render(q).then(() => {
      const heading = q.results.querySelector("h2, .latih-offline");
      if (!heading || q.attempt !== a) return;
      // The verdict and the next step at the top of the screen, whatever its size
      heading.focus({ preventScroll: true });
      heading.scrollIntoView({ block: "start" });
      const said = q.results.querySelector(".latih-verdict");
      announce(q, heading.textContent + (said ? ". " + said.textContent : ""));
    });
  }

  // A submitted attempt, scored and recorded once, by results-view.js (which brings the scoring) as
  // it shows the results: at once, or after a reload when the connection had dropped
  function record(q) {
    const a = q.attempt;
    if (!a.pending) return;
    delete a.pending;
    // Another tab showing the same attempt may have recorded it first
    if (S.peek(q.id).attempts.some((x) => x.at === a.done)) return save(q);
    const s = score(q, a.answers);
    save(q, s, s.passed);
    // For anything that reports attempts elsewhere (the SCORM adapter)
    const { percent, possible } = s;
    const detail = { quizId: q.id, kind: q.kind, percent, passed: s.passed, earned: L.scoring.fractionText(s.earned), possible };
    window.dispatchEvent(new CustomEvent("latih:attempt", { detail }));
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

  // For practice.js and results-view.js
  L.quiz = { list, inputs, chosenOf, score, verdict, mark, show, announce, save, retry, changed, record };

  function init() {
    active = active.filter((q) => q.el.isConnected);
    document.querySelectorAll(".latih-quiz[data-quiz]").forEach(setup);
  }
  // mkdocs-material's instant navigation swaps pages without a reload; document$ says when
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

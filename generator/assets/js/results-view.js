/* Latih's results of a graded attempt (pretest, posttest, exam): score, verdict, weak topics with
 * their lessons, retry, and the review the quiz's review settings allow. Fetched by quiz.js when an
 * attempt is submitted or a submitted one is shown, and at idle once the page opened (ui.js), so a
 * connection lost before submitting does not lose the results. Uses quiz.js's Latih.quiz. */
(function () {
  "use strict";
  const L = window.Latih || {};
  const course = window.LatihCourse || {};
  const ui = course.ui || {};
  if (!L.quiz || !L.quizExplain || L.quizResults) return;
  const { h, t, parts, fill, join, button, pageUrl } = L.ui;
  const S = L.storage;
  const { passed, fractionText, roundedPercent } = L.scoring;
  const { list, chosenOf, score, verdict, mark, retry, record } = L.quiz;
  const { explain } = L.quizExplain;

  // The results, next step first: the verdict; after passing, the way to the certificate and the
  // results code; after failing, the weak topics with their lessons and the retry; then the
  // topics, then the review, one collapsed item per question (the ones to learn from open).
  function showResults(q) {
    const a = q.attempt;
    record(q);
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
    // Other parts of the site add to the results from here
    const event = new CustomEvent("latih:result", { bubbles: true, detail: { quiz: q.id, attempt: a, score: s, results: q.results } });
    q.el.dispatchEvent(event);
    // The results code (codes.js, after details.js, which the page's details card has fetched)
    L.load("codes").then(
      () => q.results.isConnected && L.codes.codeBox(event),
      // Not fetched (the connection dropped): the answers are saved; reloaded once connected, the page shows the code
      () => fill(q.results.querySelector("[data-latih-code-box]"), h("p", { class: "latih-note latih-offline", role: "alert" }, ui.offline_code))
    );
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

  L.quizResults = { show: showResults };
})();

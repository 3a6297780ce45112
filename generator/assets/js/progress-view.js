/* Latih progress view: the participant's progress through the course (lessons opened, quizzes
 * passed, best scores) wherever a page has <div class="latih-progress"></div>; fetched there by
 * ui.js (Latih.load("progress")). Everything comes from Latih.storage, in this browser only. */
(function () {
  "use strict";
  const L = window.Latih || {};
  const S = L.storage;
  const course = window.LatihCourse;
  if (!S || !course || !L.ui) return;
  const { h, t, pageUrl } = L.ui;
  const ui = course.ui || {};
  L.progressReady = true;

  const bar = (done, total) =>
    h("span", { class: "latih-bar", "aria-hidden": "true" }, h("span", { style: "width:" + (total ? (100 * done) / total : 0) + "%" }));

  function quizStatus(quiz) {
    const record = S.peek(quiz.id);
    const best = record.best == null ? null : t("best_score", { percent: record.best + "%" });
    // A practice check is done once every question is answered right, whatever the first try scored
    if (quiz.kind === "practice" && record.attempts.some((a) => a.passed)) return { done: true, text: ui.practice_done };
    if (record.attempts.some((a) => a.passed)) return { done: true, text: ui.passed_short + (best ? " · " + best : "") };
    return { done: false, text: best || ui.not_started };
  }

  function view() {
    const opened = S.read().lessons;
    const lessons = course.lessons || [];
    const quizzes = (course.quizzes || []).map((quiz) => ({ quiz, status: quizStatus(quiz) }));
    const visited = lessons.filter((l) => S.own(opened, l.id)).length;
    const passed = quizzes.filter((x) => x.status.done).length;
    const item = (url, title, done, status) =>
      h("li", { class: done ? "is-done" : "" }, h("a", { href: pageUrl(url) }, title), status && " ", status && h("span", { class: "latih-status" }, status));
    return h(
      "div",
      { class: "latih-progress-view" },
      h("h2", {}, ui.progress),
      !S.ok && h("p", { class: "latih-note latih-note-storage_off" }, ui.storage_off),
      lessons.length > 0 && [
        h("p", {}, t("progress_lessons", { done: visited, total: lessons.length })),
        bar(visited, lessons.length),
        h("ul", { class: "latih-progress-list" }, lessons.map((l) => item(l.url, l.title, S.own(opened, l.id), S.own(opened, l.id) && ui.visited))),
      ],
      quizzes.length > 0 && [
        h("p", {}, t("progress_quizzes", { done: passed, total: quizzes.length })),
        bar(passed, quizzes.length),
        h("ul", { class: "latih-progress-list" }, quizzes.map((x) => item(x.quiz.url, x.quiz.title, x.status.done, x.status.text))),
      ]
    );
  }

  function render() {
    for (const box of document.querySelectorAll(".latih-progress")) box.replaceChildren(view());
  }

  S.onChange(render); // another tab finished a lesson or a quiz
  // mkdocs-material's instant navigation swaps pages without reloading: document$ tells us when
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(render);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render);
  else render();
})();

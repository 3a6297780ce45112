/* Latih progress: marks the lesson being read as opened. The participant's progress through the
 * course (progress-view.js, latih/progress.js) is fetched by ui.js where a page has
 * <div class="latih-progress"></div>. Everything comes from Latih.storage, in this browser only. */
(function () {
  "use strict";
  const L = window.Latih || {};
  const S = L.storage;
  if (!S) return;

  function visit() {
    const page = document.querySelector("[data-latih-lesson]");
    const id = page && page.dataset.latihLesson;
    if (id) S.update((data) => (data.lessons[id] = Date.now()));
  }
  // mkdocs-material's instant navigation swaps pages without reloading: document$ tells us when
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(visit);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", visit);
  else visit();
})();

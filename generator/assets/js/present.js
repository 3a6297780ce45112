/* Latih for a room, on a quiz's facilitator page only: a presentation mode (one question per
 * screen, reveal, a count of raised hands) and printing of the worksheet and its answer key.
 * The key is the page's own concealed one, read with Latih.reveal from quiz.js. Nothing is scored
 * and nothing is stored: the room's counts live in this tab's memory and go with it. */
(function () {
  "use strict";
  const L = window.Latih || {};
  const course = window.LatihCourse || {};
  const ui = course.ui || {};
  if (!L.ui || !L.reveal) return;
  L.presentReady = true;
  const { h, t } = L.ui;
  const { own } = L.storage;
  const list = (v) => (Array.isArray(v) ? v : []);
  const html = (v) => (typeof v === "string" && v.trim() ? v : "");

  // ---- the page: questions as written, and their key, read only when a button needs it

  function setup(root) {
    if (root.dataset.latihReady) return;
    root.dataset.latihReady = "1";
    const keyEl = document.querySelector('.latih-key[data-quiz="' + CSS.escape(root.dataset.quiz) + '"]');
    let key;
    const keyOf = (id) => {
      if (key === undefined) {
        try {
          key = L.reveal(keyEl.dataset.key, keyEl.dataset.seed) || {};
        } catch (e) {
          key = {}; // a damaged page: the questions still show, without answers
        }
      }
      const k = own(key, id) || {};
      return { correct: list(k.c), explanation: html(k.e), discussion: html(k.d) };
    };
    const quiz = {
      root,
      title: root.dataset.title || "",
      questions: [...root.querySelectorAll(".latih-fq")].map((section) => ({
        id: section.dataset.question,
        section,
        options: [...section.querySelectorAll(".latih-fq-option")].map((li) => ({
          id: li.dataset.option,
          letter: li.dataset.option.toUpperCase(),
          text: li.querySelector(".latih-option-text").textContent,
        })),
      })),
      keyOf,
      at: 0,
      revealed: new Set(),
      tallies: new Map(), // question id -> hands per option
    };
    if (!quiz.questions.length) return;
    const actions = root.querySelector(".latih-facilitator-actions");
    // Start at the question the address names (#soal-<id>: the guide links scenarios so), else at 1
    const named = () => quiz.questions.findIndex((q) => "#" + q.section.id === decodeURIComponent(location.hash));
    actions.querySelector("[data-latih-present]").addEventListener("click", (e) => {
      quiz.at = Math.max(0, named());
      present(quiz, e.currentTarget);
    });
    quiz.questions.forEach((q, i) => {
      const from = h("button", { type: "button", class: "md-button latih-present-from" }, ui.present_from_here);
      from.addEventListener("click", () => {
        quiz.at = i;
        present(quiz, from);
      });
      q.section.querySelector(".latih-question-number").append(" ", from);
    });
    for (const b of actions.querySelectorAll("[data-latih-paper]")) b.addEventListener("click", () => printPaper(quiz, b.dataset.latihPaper));
    actions.hidden = false;
  }

  // ---- printing: the worksheet is what the page shows; the key enters the page only when asked for

  function printPaper(quiz, what) {
    if (what === "key") answerKey(quiz);
    document.documentElement.dataset.latihPaper = what;
    window.print();
  }
  // Ctrl+P after printing the key prints the worksheet again
  window.addEventListener("afterprint", () => delete document.documentElement.dataset.latihPaper);

  const rightOptions = (q, k) => q.options.filter((o) => k.correct.includes(o.id));

  function answerKey(quiz) {
    const box = quiz.root.querySelector(".latih-answer-key");
    if (!box || box.childElementCount) return;
    box.append(
      h("h2", {}, t("answer_key_title", { title: quiz.title })),
      ...quiz.questions.map((q, i) => {
        const k = quiz.keyOf(q.id);
        return h(
          "div",
          { class: "latih-key-item" },
          h("p", { class: "latih-key-question" }, h("strong", {}, t("question_n", { n: i + 1 }) + ". "), q.section.querySelector(".latih-fq-prompt").textContent),
          h("p", { class: "latih-key-answer" }, h("strong", {}, ui.right_answer + ": "), rightOptions(q, k).map((o) => h("span", { class: "latih-key-option" }, "✓ " + o.letter + ". " + o.text))),
          k.explanation && h("div", { class: "latih-key-explanation", html: k.explanation }),
          k.discussion && h("div", { class: "latih-key-discussion" }, h("p", {}, h("strong", {}, ui.discussion + ": ")), h("div", { html: k.discussion }))
        );
      })
    );
  }

  // ---- presentation mode

  let show = null; // the presentation on screen

  function present(quiz, opener) {
    if (show) return;
    const button = (cls, label, onclick) => h("button", { type: "button", class: "md-button " + cls, onclick }, label);
    const s = {
      quiz,
      opener,
      heading: h("h2", { class: "latih-present-counter", tabindex: -1 }),
      slide: h("div", { class: "latih-present-slide" }),
      live: h("div", { class: "latih-sr", role: "status", "aria-live": "polite" }),
      inert: [],
    };
    s.prev = button("latih-present-prev", "← " + ui.present_previous, () => go(-1));
    s.reveal = button("md-button--primary latih-present-reveal", ui.present_reveal, () => toggle());
    s.next = button("latih-present-next", ui.present_next + " →", () => go(1));
    s.reset = button("latih-present-reset", ui.tally_reset, () => reset());
    s.exit = button("latih-present-exit", ui.present_exit, () => leave());
    s.stage = h("div", { class: "latih-present-stage md-typeset" }, s.heading, s.slide);
    s.el = h(
      "div",
      { class: "latih-present", role: "dialog", "aria-modal": "true", "aria-label": t("present_label", { title: quiz.title }), "data-quiz": quiz.root.dataset.quiz },
      s.stage,
      h("div", { class: "latih-present-bar md-typeset" }, s.prev, s.reveal, s.next, h("span", { class: "latih-present-gap" }), s.reset, s.exit),
      s.live
    );
    show = s;
    document.body.append(s.el);
    // A modal view: the page behind it is out of reach of the keyboard and of screen readers
    for (const el of document.body.children) {
      if (el !== s.el && !el.inert) {
        el.inert = true;
        s.inert.push(el);
      }
    }
    document.documentElement.classList.add("latih-presenting");
    document.addEventListener("keydown", onKey);
    document.addEventListener("fullscreenchange", onFullscreen);
    // Full screen where the browser allows it; the view covers the window either way
    if (s.el.requestFullscreen) s.el.requestFullscreen().catch(() => {});
    draw();
    s.heading.focus();
    announce(s.heading.textContent + ". " + promptOf(current()));
  }

  function leave() {
    const s = show;
    if (!s) return;
    show = null;
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("fullscreenchange", onFullscreen);
    if (document.fullscreenElement === s.el && document.exitFullscreen) document.exitFullscreen().catch(() => {});
    for (const el of s.inert) el.inert = false;
    document.documentElement.classList.remove("latih-presenting");
    s.el.remove();
    if (s.opener && s.opener.isConnected) s.opener.focus();
  }

  // The browser's own Esc leaves full screen without a key event for the page: leave with it
  function onFullscreen() {
    if (!show) return;
    if (document.fullscreenElement === show.el) show.full = true;
    else if (show.full) leave();
  }

  const current = () => show.quiz.questions[show.quiz.at];
  const promptOf = (q) => q.section.querySelector(".latih-fq-prompt").textContent;
  const tallyOf = (q) => {
    if (!show.quiz.tallies.has(q.id)) show.quiz.tallies.set(q.id, q.options.map(() => 0));
    return show.quiz.tallies.get(q.id);
  };

  let pending = 0;
  function announce(text) {
    const live = show && show.live;
    if (!live) return;
    live.textContent = ""; // emptied first, so the same words twice are heard twice
    clearTimeout(pending); // only the latest: a quick key press must not be followed by stale words
    pending = setTimeout(() => (live.textContent = text), 50);
  }

  function go(step) {
    const quiz = show.quiz;
    const to = quiz.at + step;
    if (to < 0 || to >= quiz.questions.length) return announce(step < 0 ? ui.present_first : ui.present_last);
    quiz.at = to;
    draw();
    announce(show.heading.textContent + ". " + promptOf(current()));
  }

  function toggle() {
    const q = current();
    const revealed = show.quiz.revealed;
    if (revealed.has(q.id)) revealed.delete(q.id);
    else revealed.add(q.id);
    draw();
    if (!revealed.has(q.id)) return;
    const k = show.quiz.keyOf(q.id);
    announce(ui.right_answer + ": " + rightOptions(q, k).map((o) => o.letter + ". " + o.text).join("; "));
  }

  function count(index) {
    const q = current();
    const tally = tallyOf(q);
    if (index >= tally.length) return;
    tally[index] += 1;
    draw();
    announce(t("tally_count", { letter: q.options[index].letter, n: tally[index] }));
  }

  function reset() {
    show.quiz.tallies.delete(current().id);
    draw();
    announce(ui.tally_cleared);
  }

  // One question, as large as the screen allows
  function draw() {
    const s = show;
    const quiz = s.quiz;
    const q = current();
    const revealed = quiz.revealed.has(q.id);
    const k = revealed ? quiz.keyOf(q.id) : null;
    const tally = tallyOf(q);
    const hands = tally.reduce((a, b) => a + b, 0);
    const scenario = q.section.querySelector(".latih-scenario");
    // A count button pressed from the keyboard keeps the focus after the slide is redrawn
    const focused = document.activeElement;
    const counting = focused && focused.classList.contains("latih-tally-add") && focused.closest("[data-option]").dataset.option;
    const hint = q.section.querySelector(".latih-hint");
    // The question's id too: the guide names scenarios by it ("kuis › id")
    s.heading.textContent = t("present_counter", { n: quiz.at + 1, total: quiz.questions.length, id: q.id });
    s.el.classList.toggle("is-revealed", revealed);
    s.slide.replaceChildren(
      h(
        "div",
        { class: "latih-present-question" },
        scenario && h("div", { class: "latih-present-scenario" }, [...scenario.childNodes].map((n) => n.cloneNode(true))),
        h("p", { class: "latih-present-prompt" }, promptOf(q)),
        hint && h("p", { class: "latih-present-hint" }, hint.textContent),
        h(
          "ol",
          { class: "latih-present-options" },
          q.options.map((o, i) => {
            const right = revealed && k.correct.includes(o.id);
            return h(
              "li",
              { class: "latih-present-option" + (right ? " is-right" : revealed ? " is-other" : ""), "data-option": o.id },
              h("span", { class: "latih-present-letter", "aria-hidden": "true" }, o.letter),
              h(
                "div",
                { class: "latih-present-text" },
                h("span", { class: "latih-sr" }, o.letter + ". "),
                o.text,
                right && h("strong", { class: "latih-present-mark" }, " ✓ " + ui.correct)
              ),
              h(
                "div",
                { class: "latih-tally" },
                h("button", { type: "button", class: "latih-tally-add", "aria-label": t("tally_add", { letter: o.letter }), title: t("tally_add", { letter: o.letter }), onclick: () => count(i) }, "+"),
                h("span", { class: "latih-bar", "aria-hidden": "true" }, h("span", { style: "width:" + (hands ? (100 * tally[i]) / hands : 0) + "%" })),
                h("span", { class: "latih-tally-count" }, h("span", { class: "latih-sr" }, t("tally_count", { letter: o.letter, n: tally[i] })), h("span", { "aria-hidden": "true" }, String(tally[i])))
              )
            );
          })
        )
      ),
      revealed
        ? h(
            "div",
            { class: "latih-present-answer" },
            h("p", { class: "latih-verdict is-correct" }, ui.right_answer + ": " + rightOptions(q, k).map((o) => o.letter).join(", ")),
            k.explanation && h("div", { class: "latih-present-explanation" }, h("h3", {}, ui.explanation), h("div", { html: k.explanation })),
            k.discussion && h("div", { class: "latih-present-discussion" }, h("h3", {}, ui.discussion), h("div", { html: k.discussion }))
          )
        : ""
    );
    fitSlide(s, q.options.length);
    s.stage.scrollTop = 0;
    // The address names the question on screen: a reload, or a link copied now, comes back to it
    if (history.replaceState) history.replaceState(null, "", "#" + q.section.id);
    s.prev.disabled = quiz.at === 0;
    s.next.disabled = quiz.at === quiz.questions.length - 1;
    s.reveal.textContent = revealed ? ui.present_hide : ui.present_reveal;
    s.reveal.setAttribute("aria-pressed", String(revealed));
    // A button that went away or was disabled under the focus hands it to the slide's heading
    const again = counting && s.slide.querySelector('[data-option="' + counting + '"] .latih-tally-add');
    if (again) again.focus();
    else if (!s.el.contains(document.activeElement) || document.activeElement.disabled) s.heading.focus({ preventScroll: true });
  }

  // The slide, as large as the stage allows: smaller steps first, the options side by side on a
  // wide stage, down to 0.4 (the answer with its explanation and discussion is long); beyond
  // that the stage scrolls, and PageDown reaches the rest.
  const ZOOMS = [1, 0.9, 0.8, 0.72, 0.64, 0.57, 0.5, 0.45, 0.4];
  function fitSlide(s, options) {
    const stage = s.stage;
    const wide = stage.clientWidth >= 900 && options >= 3 && !s.el.classList.contains("is-revealed");
    const list = s.slide.querySelector(".latih-present-options");
    const steps = wide ? [[1, false], [0.9, false], ...ZOOMS.map((z) => [z, true])] : ZOOMS.map((z) => [z, false]);
    for (const [zoom, columns] of steps) {
      s.slide.style.zoom = zoom;
      if (list) list.classList.toggle("is-columns", columns);
      if (stage.scrollHeight <= stage.clientHeight + 1) return;
    }
  }
  window.addEventListener("resize", () => show && fitSlide(show, current().options.length));

  // A clicker's PageDown and PageUp scroll a slide taller than the stage before they change slide
  function page(step) {
    const stage = show.stage;
    const room = stage.scrollHeight - stage.clientHeight;
    const at = stage.scrollTop;
    if (step > 0 && at < room - 1) return stage.scrollBy({ top: stage.clientHeight * 0.85 });
    if (step < 0 && at > 1) return stage.scrollBy({ top: -stage.clientHeight * 0.85 });
    go(step);
  }

  // Keys of a presenter (and of a clicker, which sends PageDown and PageUp)
  function onKey(e) {
    if (!show || e.altKey || e.ctrlKey || e.metaKey) return;
    const onButton = e.target.closest && e.target.closest("button");
    const key = e.key;
    if ((key === " " || key === "Enter") && onButton) return; // the button itself answers
    if (key === "PageDown") page(1);
    else if (key === "PageUp") page(-1);
    else if (key === "ArrowRight" || key === " ") go(1);
    else if (key === "ArrowLeft") go(-1);
    else if (key === "r" || key === "R" || key === "Enter") toggle();
    else if (key === "Escape") leave();
    else if (/^[1-9]$/.test(key)) count(+key - 1);
    else return;
    e.preventDefault();
  }

  function init() {
    // Instant navigation can swap the page under an open presentation
    if (show && !show.quiz.root.isConnected) leave();
    document.querySelectorAll(".latih-facilitator[data-quiz]").forEach(setup);
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

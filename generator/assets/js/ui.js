/* Latih on every page: the helpers the other scripts share (Latih.ui), the answer key's reader
 * (Latih.reveal), and the loader of the scripts a page needs beyond these (Latih.load).
 * The plugin links each page's own scripts from its HTML, so they download at once; the loader
 * fetches what a page needs later (the results code after a graded attempt) and what a page
 * swapped in by instant navigation needs but the first page did not link. */
(function () {
  "use strict";
  const L = (window.Latih = window.Latih || {});
  const course = window.LatihCourse || {};
  const ui = course.ui || {};

  // A UI string with its {placeholders} filled; values may be nodes, hence a list.
  const parts = (key, vars) =>
    String(ui[key] || key)
      .split(/\{(\w+)\}/)
      .map((s, i) => (i % 2 ? (vars && s in vars ? vars[s] : "{" + s + "}") : s));
  const t = (key, vars) => parts(key, vars).join("");
  const kids = (list) => list.flat(Infinity).filter((k) => k != null && k !== false && k !== "");

  function h(tag, props, ...content) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "html") el.innerHTML = v; // the author's Markdown, rendered at build time
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (v !== false) el.setAttribute(k, v === true ? "" : v);
    }
    el.append(...kids(content));
    return el;
  }
  const fill = (el, ...content) => el.replaceChildren(...kids(content));
  const join = (nodes, sep) => nodes.flatMap((n, i) => (i ? [sep, n] : [n]));
  const button = (label, onclick, primary) =>
    h("button", { type: "button", class: "md-button" + (primary ? " md-button--primary" : ""), onclick }, label);

  // Course URLs are site-relative; the site root is where latih/course.js came from.
  function pageUrl(url) {
    const script = document.querySelector('script[src$="latih/course.js"]');
    const u = new URL(url, script ? new URL("..", script.src) : location.href);
    // From the file system a folder shows a listing, not its page
    if (u.protocol === "file:" && u.pathname.endsWith("/")) u.pathname += "index.html";
    return u.href;
  }
  L.ui = { h, t, parts, kids, fill, join, button, pageUrl };

  // The answer key: mirrors conceal() in generator/site/answer_key.py byte for byte.
  function reveal(blob, seed) {
    let s = 2166136261; // FNV-1a of the seed seeds xorshift32
    for (const b of new TextEncoder().encode(seed)) s = Math.imul(s ^ b, 16777619) >>> 0;
    s = s || 1;
    const block = new Uint8Array(4096); // the keystream repeats every 4096 bytes
    for (let i = 0; i < 4096; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      block[i] = s & 255;
    }
    const bytes = Uint8Array.from(atob(blob), (c, i) => c.charCodeAt(0) ^ block[i & 4095]);
    return JSON.parse(new TextDecoder().decode(bytes));
  }
  L.reveal = reveal;

  // ---- the other scripts, by name: latih/<name>.js, and the stylesheet that goes with it

  const STYLES = { details: "details", codes: "codes", documents: "documents", present: "present" };
  const ready = {
    quiz: () => L.quizReady,
    practice: () => L.quizPractice,
    "results-view": () => L.quizResults,
    graded: () => L.answeredReady,
    details: () => L.details,
    codes: () => L.codes,
    documents: () => L.documents && L.documents.participantPage,
    roster: () => L.documents && L.documents.readRoster,
    restore: () => L.restore,
    present: () => L.presentReady,
    progress: () => L.progressReady,
    "vendor/lean-qr/lean-qr": () => window.leanQr,
  };
  // What must have run before a script runs (it uses its helpers from the start)
  const AFTER = { codes: "details", documents: "details", restore: "details", roster: "details", practice: "quiz", "results-view": "quiz" };
  const loading = {};
  const linked = (file) => document.querySelector(`script[src$="latih/${file}"], link[href$="latih/${file}"]`);
  const siteUrl = (file) => pageUrl(`latih/${file}`);

  function style(name) {
    const file = `${name}.css`;
    if (!linked(file)) document.head.append(h("link", { rel: "stylesheet", href: siteUrl(file) }));
  }

  // Resolves once latih/<name>.js has run (at once if it has); rejects if it cannot be loaded,
  // as from a folder where the file is missing. Classic scripts: file:// refuses modules.
  function load(name) {
    if (STYLES[name]) style(STYLES[name]);
    if (ready[name]()) return Promise.resolve();
    if (!loading[name])
      loading[name] = (AFTER[name] ? load(AFTER[name]) : Promise.resolve()).then(() => new Promise((resolve, reject) => {
        const done = () => (ready[name]() ? resolve() : reject(new Error(name)));
        // A tag already there has run (the page's own tags run before init; a tag this loader added
        // and that failed is no longer loading): if it did not make the bundle ready, it will not
        if (linked(`${name}.js`)) return done();
        // A failed fetch leaves no tag behind: once the connection is back, the next load fetches again
        document.body.append(h("script", { src: siteUrl(`${name}.js`), onload: done, onerror: (e) => (e.target.remove(), done()) }));
      })).finally(() => delete loading[name]);
    return loading[name];
  }
  L.load = load;

  // What the page in view shows decides what it needs
  const NEEDS = {
    quiz: ".latih-quiz[data-quiz]",
    practice: '.latih-quiz[data-quiz][data-kind="practice"]',
    graded: '.latih-quiz[data-quiz]:not([data-kind="practice"])',
    details: "[data-latih-details-card], [data-latih-document], [data-latih-roster]",
    documents: "[data-latih-document]",
    roster: "[data-latih-roster]",
    present: ".latih-facilitator[data-quiz]",
    progress: ".latih-progress",
  };
  // What the page in view will need once used, fetched once it has opened and the browser is idle:
  // a participant who loses the connection after opening still gets a graded attempt's results and
  // code, and the certificate's code. Marks say when (bench/weight.py weighs what came before apart).
  const LATER = {
    '.latih-quiz[data-quiz]:not([data-kind="practice"])': "results-view codes vendor/lean-qr/lean-qr",
    "[data-latih-document]": "codes vendor/lean-qr/lean-qr restore",
  };
  function prefetch() {
    const names = Object.keys(LATER).filter((s) => document.querySelector(s)).flatMap((s) => LATER[s].split(" "));
    const go = () => {
      performance.mark("latih:prefetch");
      Promise.all(names.map((name) => load(name).catch(() => {}))).then(() => performance.mark("latih:prefetched"));
    };
    const idle = () => (window.requestIdleCallback ? requestIdleCallback(go, { timeout: 5000 }) : setTimeout(go, 200));
    if (!names.length) return;
    if (document.readyState === "complete") idle();
    else window.addEventListener("load", idle, { once: true });
  }

  function init() {
    for (const [name, selector] of Object.entries(NEEDS))
      if (document.querySelector(selector)) load(name).catch(() => {});
    prefetch();
    // A wide table scrolls sideways on a phone: the keyboard must be able to scroll it too
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap"))
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) wrap.tabIndex = 0;
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

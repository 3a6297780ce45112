/* Latih SCORM 1.2: reports to an LMS when, and only when, the site runs inside the launch page of
 * a SCORM package (scorm.html, written by `latih package --scorm`). Two halves:
 *  - the launch page (<html data-latih-launch>) finds the LMS's API, opens the session once, shows
 *    the site in a frame, and closes the session (time spent, commit, finish) when it goes away;
 *  - every page of the site finds the launch page as window.parent.LatihScorm (same origin),
 *    restores progress from cmi.suspend_data, reports the certificate quiz's attempts (score and
 *    status), and keeps a compact copy of the progress in cmi.suspend_data.
 * Opened any other way (a web host, a USB stick, an unzipped folder) it does nothing at all.
 * Bundled right after storage.js (generator/bundles.py): progress is restored before anything reads it. */
(function () {
  "use strict";
  const L = (window.Latih = window.Latih || {});
  const course = window.LatihCourse || {};
  // SCORM 1.2 caps cmi.suspend_data at 4096 characters; the text is ASCII, so characters are bytes
  const LIMIT = 4000;
  const FORMAT = 1;

  const { isObj, own } = L.storage; // storage.js runs first in every bundle that holds this file
  const list = (v) => (Array.isArray(v) ? v : []);
  const text = (v) => (typeof v === "string" ? v : "");
  const int = (v) => (Number.isFinite(+v) ? Math.floor(+v) : 0);
  const lessons = list(course.lessons);
  const quizzes = list(course.quizzes);
  const PEOPLE = ["name", "nip", "position", "agency", "place"];

  // ---- the compact form of a progress record, for cmi.suspend_data

  // Indexes below stand for lessons, quizzes and questions: they only mean the same thing for the
  // same course layout, so the record carries a short hash of it and is ignored on a mismatch.
  function layoutKey() {
    const layout = JSON.stringify([course.id, course.version, lessons.map((l) => l.id), quizzes.map((q) => [q.id, q.fingerprint || ""])]);
    let h = 2166136261; // FNV-1a
    for (const b of new TextEncoder().encode(layout)) h = Math.imul(h ^ b, 16777619) >>> 0;
    return h.toString(36);
  }

  const passedAttempts = (r) => list(r && r.attempts).filter((a) => isObj(a) && a.passed && Number.isFinite(a.percent));
  const bestOf = (r) => {
    const scores = list(r && r.attempts).filter((a) => isObj(a) && Number.isFinite(a.percent)).map((a) => a.percent);
    if (r && Number.isFinite(r.best)) scores.push(r.best);
    return scores.length ? Math.max(...scores) : null;
  };
  const seconds = (ms) => (Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0);
  // Option ids are letters: "abd" when each is one letter, else ",aa,ab"
  const joined = (v) => {
    const ids = list(v).map(String);
    return ids.every((x) => x.length === 1) ? ids.join("") : "," + ids.join(",");
  };
  const split = (s) => (text(s).includes(",") ? text(s).split(",").filter(Boolean) : [...text(s)]);

  // The certificate quiz's best passing attempt, with its answers, so a restored certificate still
  // carries a results code the facilitator can re-score. Questions are indexes into the bank.
  function certificateAttempt(data) {
    const quiz = quizzes.find((q) => q.id === course.certificateQuiz);
    const bank = quiz && list(quiz.bank);
    const best = passedAttempts(own(data.quizzes, course.certificateQuiz)).sort((a, b) => b.percent - a.percent)[0];
    if (!bank || !best || !Array.isArray(best.ids) || !best.ids.every((id) => bank.includes(id))) return null;
    const answers = isObj(best.answers) ? best.answers : {};
    return [seconds(best.at), best.percent, text(String(best.earned ?? "")), int(best.possible), best.ids.map((id) => [bank.indexOf(id), joined(own(answers, id))])];
  }

  // A quiz's attempt in progress (or last finished), as it is on show: which questions, in which
  // order, with which answers. The first thing dropped when the record grows too long.
  // Questions are indexes into the bank where the course data has one, else their ids.
  function currentAttempt(r, quiz) {
    const a = r && r.current;
    if (!isObj(a) || !Array.isArray(a.ids) || !isObj(a.answers)) return null;
    const bank = list(quiz.bank);
    const solved = list(a.solved);
    const first = isObj(a.first) ? a.first : {};
    const ref = (id) => (bank.includes(id) ? bank.indexOf(id) : String(id));
    const questions = a.ids.map((id) => [ref(id), joined(own(a.opts, id)), joined(own(a.answers, id)), joined(own(first, id)), solved.includes(id) ? 1 : 0]);
    return [int(a.n) || 1, seconds(a.started), seconds(a.done), seconds(a.mastered), questions];
  }

  function ascii(value) {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  }

  // The record -> a short ASCII text, never longer than LIMIT (null when even the core does not fit).
  function encode(data) {
    data = isObj(data) ? data : {};
    const out = { v: FORMAT, k: layoutKey() };
    // Lessons opened: one bit each, five to a base-32 digit
    let bits = "";
    for (let i = 0; i < lessons.length; i += 5) {
      let n = 0;
      for (let j = 0; j < 5 && i + j < lessons.length; j++) if (own(data.lessons, lessons[i + j].id)) n |= 1 << j;
      bits += n.toString(32);
    }
    out.l = bits;
    // Quizzes: best percent and passed, two base-36 digits each ("00": not attempted)
    out.q = quizzes
      .map((q) => {
        const r = own(data.quizzes, q.id);
        const best = bestOf(r);
        const passed = passedAttempts(r).length > 0;
        if (best == null && !passed) return "00";
        return (1 + 2 * Math.max(0, Math.min(100, Math.floor(best || 0))) + (passed ? 1 : 0)).toString(36).padStart(2, "0");
      })
      .join("");
    const p = isObj(data.participant) ? data.participant : {};
    if (PEOPLE.some((f) => text(p[f]))) out.p = PEOPLE.map((f) => text(p[f]).slice(0, 200));
    const cert = certificateAttempt(data);
    if (cert) out.c = cert;

    // What must fit, then what may: in-progress attempts, the most recently started first
    const fits = (o) => ascii(o).length <= LIMIT;
    for (const drop of [null, "c", "p"]) {
      if (drop) delete out[drop];
      if (fits(out)) break;
    }
    if (!fits(out)) return null;
    const current = quizzes
      .map((q, i) => [i, currentAttempt(own(data.quizzes, q.id), q)])
      .filter(([, a]) => a)
      .sort((x, y) => y[1][1] - x[1][1]);
    for (const [i, a] of current) {
      out.a = Object.assign(out.a || {}, { [i]: a });
      if (!fits(out)) delete out.a[i];
    }
    if (out.a && !Object.keys(out.a).length) delete out.a;
    return ascii(out);
  }

  // A compact text -> what it says, checked piece by piece; junk gives an empty result.
  function decode(raw) {
    let s = null;
    try {
      s = JSON.parse(raw);
    } catch (e) {
      s = null;
    }
    const found = { participant: null, lessons: [], quizzes: {}, certificate: null, current: {} };
    if (!isObj(s) || s.v !== FORMAT) return found;
    const p = list(s.p);
    if (p.length) found.participant = Object.fromEntries(PEOPLE.map((f, i) => [f, text(p[i])]).filter(([, v]) => v));
    if (s.k !== layoutKey()) return found; // another course version: only the participant's details hold
    const bits = text(s.l);
    lessons.forEach((l, i) => {
      const digit = parseInt(bits[Math.floor(i / 5)] || "0", 32) || 0;
      if (digit & (1 << i % 5)) found.lessons.push(l.id);
    });
    const q = text(s.q);
    quizzes.forEach((quiz, i) => {
      const v = parseInt(q.slice(2 * i, 2 * i + 2), 36) || 0;
      if (v > 0 && v <= 202) found.quizzes[quiz.id] = { best: (v - 1) >> 1, passed: (v - 1) % 2 === 1 };
    });
    const quiz = quizzes.find((x) => x.id === course.certificateQuiz);
    const c = list(s.c);
    if (quiz && list(quiz.bank).length && c.length === 5 && Array.isArray(c[4])) {
      const pairs = c[4].filter((x) => Array.isArray(x) && quiz.bank[x[0]] !== undefined);
      const ids = pairs.map((x) => quiz.bank[x[0]]);
      const answers = Object.fromEntries(pairs.map((x) => [quiz.bank[x[0]], split(x[1])]).filter(([, a]) => a.length));
      found.certificate = { percent: int(c[1]), passed: true, at: int(c[0]) * 1000 || null, earned: text(c[2]), possible: int(c[3]), ids, answers };
    }
    for (const [i, a] of Object.entries(isObj(s.a) ? s.a : {})) {
      const info = quizzes[+i];
      if (!info || !Array.isArray(a) || !Array.isArray(a[4])) continue;
      const bank = list(info.bank);
      const idOf = (ref) => (typeof ref === "number" ? bank[ref] : ref);
      const questions = a[4].filter((x) => Array.isArray(x) && typeof idOf(x[0]) === "string");
      const ms = (v) => int(v) * 1000 || undefined;
      const current = { n: int(a[0]) || 1, started: ms(a[1]), ids: [], opts: {}, answers: {}, first: {}, solved: [] };
      if (a[2]) current.done = ms(a[2]);
      if (a[3]) current.mastered = ms(a[3]);
      for (const [ref, opts, answers, first, solved] of questions) {
        const id = idOf(ref);
        current.ids.push(id);
        current.opts[id] = split(opts);
        if (split(answers).length) current.answers[id] = split(answers);
        if (split(first).length) current.first[id] = split(first);
        if (solved) current.solved.push(id);
      }
      found.current[info.id] = current;
    }
    return found;
  }

  // Adds what the LMS remembers to this browser's record; never takes anything away.
  function merge(data, found) {
    if (found.participant) {
      const p = (data.participant = isObj(data.participant) ? data.participant : {});
      for (const [f, v] of Object.entries(found.participant)) if (!text(p[f])) p[f] = v;
    }
    for (const id of found.lessons) if (!own(data.lessons, id)) data.lessons[id] = Date.now();
    for (const [id, q] of Object.entries(found.quizzes)) {
      const r = L.storage.quiz(data, id);
      if (r.best == null || q.best > r.best) r.best = q.best;
      if (q.passed && !passedAttempts(r).length) {
        const restored = id === course.certificateQuiz && found.certificate;
        r.attempts.push(restored || { percent: q.best, passed: true, at: null });
      }
    }
    for (const [id, current] of Object.entries(found.current)) {
      const r = L.storage.quiz(data, id);
      if (!isObj(r.current) || int(r.current.n) < current.n) r.current = current;
    }
    return data;
  }

  L.scorm = { encode, decode, merge, LIMIT };

  // ---- the launch page

  const truthy = (v) => v === true || v === "true";

  // ADL's search: this window and the frames around it, then the window that opened it
  function findApi() {
    const search = (win) => {
      for (let hops = 0; win && hops <= 10; hops++) {
        try {
          if (win.API && typeof win.API.LMSInitialize === "function") return win.API;
        } catch (e) {
          // a frame of another origin: keep climbing
        }
        if (!win.parent || win.parent === win) break;
        win = win.parent;
      }
      return null;
    };
    let found = search(window);
    for (const opener of [window.opener, window.top && window.top.opener]) if (!found && opener) found = search(opener);
    return found;
  }

  // What the LMS says about its last refusal (SCORM 1.2: LMSGetLastError, LMSGetErrorString)
  function lastError(api) {
    try {
      return api ? String(api.LMSGetLastError() ?? "") : "";
    } catch (e) {
      return "";
    }
  }
  function errorText(api, code) {
    try {
      return code ? String(api.LMSGetErrorString(code) ?? "") : "";
    } catch (e) {
      return "";
    }
  }

  // SCORM 1.2's CMITimespan: HHHH:MM:SS.SS
  function timespan(ms) {
    const cs = Math.max(0, Math.round(ms / 10));
    const pad = (n, w) => String(n).padStart(w, "0");
    const h = Math.min(9999, Math.floor(cs / 360000));
    return pad(h, 4) + ":" + pad(Math.floor(cs / 6000) % 60, 2) + ":" + pad(Math.floor(cs / 100) % 60, 2) + "." + pad(cs % 100, 2);
  }

  // A page of the site to return to: a relative .html path, nothing that leaves the package
  const safePage = (path) => (/^([\w-][\w.-]*\/)*[\w-][\w.-]*\.html$/.test(path) && !path.split("/").includes("..") ? path : "");

  // One notice on the launch page, the first time something goes wrong: no LMS, or an LMS that
  // refuses to save. The learner keeps working; the progress stays in this browser.
  let noticed = false;
  function notice(key, values) {
    if (noticed) return;
    noticed = true;
    const ui = course.ui || {};
    const say = () => {
      const box = document.querySelector("[data-latih-scorm-notice]");
      if (!box) return;
      box.querySelector("span").textContent = String(ui[key] || key).replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
      box.hidden = false;
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", say);
    else say();
  }

  // An element the LMS refused this many times is not sent again in this session: a refusing
  // LMS must not receive a call for every answer of an exam
  const REFUSALS = 3;

  function launch() {
    const api = findApi();
    const started = Date.now();
    let open = false;
    try {
      open = !!api && truthy(api.LMSInitialize(""));
    } catch (e) {
      open = false;
    }
    if (!open) notice(api ? "scorm_refused" : "scorm_no_lms", { code: lastError(api) || "?", text: "" });
    let resume = "";
    if (open) {
      const get = (key) => {
        try {
          const v = api.LMSGetValue(key);
          return v == null ? "" : String(v);
        } catch (e) {
          return "";
        }
      };
      const refused = {};
      const set = (key, value) => {
        if ((refused[key] || 0) >= REFUSALS) return false;
        let ok = false;
        try {
          ok = truthy(api.LMSSetValue(key, String(value)));
        } catch (e) {
          ok = false;
        }
        if (!ok) {
          refused[key] = (refused[key] || 0) + 1;
          const code = lastError(api);
          const words = errorText(api, code);
          notice("scorm_refused", { code: code || "?", text: words ? ": " + words : "" });
        }
        return ok;
      };
      const commit = () => {
        try {
          api.LMSCommit("");
        } catch (e) {
          // the LMS said no; it is asked again at the next change and at the end
        }
      };
      if (["", "not attempted"].includes(get("cmi.core.lesson_status"))) set("cmi.core.lesson_status", "incomplete");
      forgetOtherLearner(get("cmi.core.student_id"));
      let suspended = get("cmi.suspend_data");
      resume = safePage(get("cmi.core.lesson_location"));

      window.LatihScorm = {
        get suspendData() {
          return suspended;
        },
        save(value) {
          if (typeof value === "string" && value !== suspended && set("cmi.suspend_data", value)) suspended = value;
        },
        // The certificate quiz: its best score; passed, or incomplete rather than failed, since some
        // LMSs refuse a new try after "failed". An earlier pass is never taken back.
        report(percent, passed) {
          const was = get("cmi.core.lesson_status");
          const raw = Math.max(int(percent), was === "passed" ? int(get("cmi.core.score.raw")) : 0);
          set("cmi.core.score.min", "0");
          set("cmi.core.score.max", "100");
          set("cmi.core.score.raw", String(Math.max(0, Math.min(100, raw))));
          set("cmi.core.lesson_status", passed || was === "passed" ? "passed" : "incomplete");
          commit();
        },
        // A course without a certificate is completed once every lesson was opened
        complete() {
          if (!["passed", "completed"].includes(get("cmi.core.lesson_status"))) set("cmi.core.lesson_status", "completed") && commit();
        },
        location(path) {
          if (safePage(path) && path.length <= 255) set("cmi.core.lesson_location", path);
        },
        commit,
      };

      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        set("cmi.core.session_time", timespan(Date.now() - started));
        set("cmi.core.exit", "suspend"); // come back to the same progress and certificate
        commit();
        try {
          api.LMSFinish("");
        } catch (e) {
          // nothing more to tell the LMS
        }
      };
      window.addEventListener("pagehide", finish);
    }
    const show = () => {
      const frame = document.querySelector("iframe[data-latih-site]");
      if (frame) frame.src = resume || frame.dataset.src;
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
    else show();
  }

  // On a shared computer the browser may still hold another learner's progress: the LMS's record
  // of this learner is the one that counts.
  function forgetOtherLearner(learner) {
    const S = L.storage;
    if (!S) return;
    const mark = S.key + ":scorm-learner";
    try {
      if (window.localStorage.getItem(mark) === learner) return;
      S.update((data) => {
        data.lessons = {};
        data.quizzes = {};
        delete data.participant;
      });
      window.localStorage.setItem(mark, learner);
    } catch (e) {
      // storage refused: this page's memory starts empty anyway
    }
  }

  // ---- a page of the site

  function page() {
    let host = null;
    try {
      host = window.parent !== window ? window.parent.LatihScorm : null;
    } catch (e) {
      host = null; // a frame of another origin: not our launch page
    }
    const S = L.storage;
    if (!host || !S) return;

    S.update((data) => merge(data, decode(host.suspendData)));
    const keep = (data) => {
      const compact = encode(data);
      if (compact) host.save(compact);
      if (!course.certificateQuiz && lessons.length && lessons.every((l) => own(data.lessons, l.id))) host.complete();
    };
    // Every change, wherever it comes from (an answer, a lesson opened, the participant's details)
    const update = S.update;
    S.update = (change) => {
      const data = update(change);
      keep(data);
      return data;
    };
    keep(S.read());

    window.addEventListener("latih:attempt", (event) => {
      const d = event.detail || {};
      if (d.quizId !== course.certificateQuiz) return host.commit();
      const r = S.peek(d.quizId);
      host.report(Math.max(int(d.percent), bestOf(r) || 0), !!d.passed || passedAttempts(r).length > 0);
    });

    const script = document.querySelector('script[src$="latih/course.js"]');
    const root = script ? new URL("..", script.src).href : "";
    const here = location.href.split("#")[0].split("?")[0];
    if (root && here.startsWith(root)) host.location(decodeURI(here.slice(root.length)) || "index.html");
    host.commit();
  }

  if (document.documentElement.hasAttribute("data-latih-launch")) launch();
  else page();
})();

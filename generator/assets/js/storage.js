/* Latih storage: a participant's progress, kept in this browser only.
 * One localStorage key per course version holds the whole record:
 *   {lessons: {id: time}, quizzes: {id: {current, attempts: [...], best}}}
 * Nothing here ever throws: with storage disabled, full or holding junk the site keeps working
 * in memory, and says so once through onFail() so the page can tell the participant. */
(function () {
  "use strict";
  const course = window.LatihCourse || {};
  const KEY = "latih:v1:" + course.id + ":" + course.version;
  const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  // Own keys only: a quiz id such as "constructor" must not be read off Object.prototype.
  const own = (o, k) => (isObj(o) && Object.hasOwn(o, k) ? o[k] : undefined);
  const fresh = () => ({ lessons: {}, quizzes: {} });

  let local = null; // window.localStorage, when the browser lets us touch it at all
  let ok = true; // false once a write failed: from then on memory is the only truth
  let memory = fresh();
  const failed = [];
  const changed = [];

  function parse(raw) {
    try {
      const data = raw ? JSON.parse(raw) : null;
      // Foreign or damaged data is dropped whole rather than half-trusted.
      return isObj(data) && isObj(data.lessons) && isObj(data.quizzes) ? data : fresh();
    } catch (e) {
      return fresh();
    }
  }

  function fail() {
    if (!ok) return;
    ok = false;
    failed.forEach((cb) => cb());
  }

  try {
    local = window.localStorage; // the getter itself throws when storage is disabled
    memory = parse(local.getItem(KEY));
    // A full storage still reads: learn now, not at the first answer, that writes fail
    local.setItem(KEY + ":probe", "1");
    local.removeItem(KEY + ":probe");
  } catch (e) {
    ok = false;
  }

  // Always the latest record: another tab may have written since we last looked.
  function read() {
    if (local && ok) {
      try {
        memory = parse(local.getItem(KEY));
      } catch (e) {
        fail();
      }
    }
    return memory;
  }

  // Read-modify-write of the whole record, so two tabs never leave a garbled mix: last write wins.
  function update(change) {
    const data = read();
    change(data);
    memory = data;
    if (local && ok) {
      try {
        local.setItem(KEY, JSON.stringify(data));
      } catch (e) {
        fail(); // full (QuotaExceededError) or refused: keep going in memory
      }
    }
    return data;
  }

  // A quiz's record, repaired in place so callers can trust its shape.
  function quiz(data, id) {
    let record = own(data.quizzes, id);
    if (!isObj(record)) record = data.quizzes[id] = {};
    const attempts = Array.isArray(record.attempts) ? record.attempts : [];
    record.attempts = attempts.filter((a) => isObj(a) && Number.isFinite(a.percent));
    if (!isObj(record.current)) record.current = null;
    if (!Number.isFinite(record.best)) {
      record.best = record.attempts.length ? Math.max(...record.attempts.map((a) => a.percent)) : null;
    }
    return record;
  }

  // A quiz's record for reading only: a missing one is not added to the stored record.
  const peek = (id) => quiz({ quizzes: { [id]: own(read().quizzes, id) } }, id);

  window.addEventListener("storage", (event) => {
    if (event.key === KEY || event.key === null) changed.forEach((cb) => cb());
  });

  window.Latih = window.Latih || {};
  window.Latih.storage = {
    key: KEY,
    get ok() {
      return ok;
    },
    read,
    update,
    quiz,
    peek,
    own,
    isObj,
    // Called once, when progress stops being kept (at once if it already is not).
    onFail(cb) {
      failed.push(cb);
      if (!ok) cb();
    },
    // Called when another tab changed the record.
    onChange(cb) {
      changed.push(cb);
    },
  };
})();

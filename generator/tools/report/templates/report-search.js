/* The participant list's search box: filters the rows by name, NIP or agency as one types, and
   says how many match. Inlined in the report (no request); without it the box stays hidden and
   the whole list shows. */
(function () {
  "use strict";
  var box = document.getElementById("people-search");
  var input = document.getElementById("people-filter");
  var status = document.getElementById("people-count");
  var list = document.querySelector("details.people");
  if (!box || !input || !status || !list) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("#participants-table tbody tr"));
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function digits(text) { return text.replace(/\s+/g, ""); }
  var keys = rows.map(function (row) {
    var cell = function (name) { var c = row.querySelector("td." + name); return c ? c.textContent : ""; };
    return { words: plain(cell("who") + " \u0001 " + cell("agency")), nip: digits(cell("nip")) };
  });
  function say(template, count) {
    status.textContent = template.replace("{count}", count).replace("{total}", rows.length);
  }
  function filter() {
    var query = plain(input.value);
    var compact = digits(query);
    var shown = 0;
    rows.forEach(function (row, i) {
      var hit = !query || keys[i].words.indexOf(query) >= 0 || (compact && keys[i].nip.indexOf(compact) >= 0);
      row.hidden = !hit;
      if (hit) shown += 1;
    });
    if (query && !list.open) list.open = true;
    say(query ? (shown ? box.dataset.found : box.dataset.none) : box.dataset.all, shown);
  }
  input.addEventListener("input", filter);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && input.value) { input.value = ""; filter(); }
  });
  box.hidden = false;
  say(box.dataset.all, rows.length);
})();

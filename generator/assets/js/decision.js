/* Latih's decision aid, on a decision aid's page only: one question at a time, Back and Start
 * over, the path so far as a breadcrumb, and a link that reproduces the path (#path=a/b/c).
 * The whole graph is in the page (every node a <section>); nothing is fetched and nothing is
 * stored. A lesson links to a node with #node=ID: the shortest path from the start is taken. */
(function () {
  "use strict";

  function setup(root) {
    if (root.dataset.latihReady) return;
    root.dataset.latihReady = "1";
    root.classList.add("latih-decision--live");
    const nodes = {};
    root.querySelectorAll(".latih-decision-node").forEach((el) => (nodes[el.dataset.node] = el));
    const start = root.dataset.start;
    const crumbs = root.querySelector(".latih-decision-path");
    const crumbList = crumbs.querySelector("ol");
    const crumbEmpty = crumbs.querySelector(".latih-decision-path-empty");
    const live = root.querySelector(".latih-decision-live");
    const actions = root.querySelector(".latih-decision-actions");
    const share = root.querySelector(".latih-decision-share");
    const linkBox = share.querySelector(".latih-decision-link");
    const backButton = actions.querySelector(".latih-decision-back");
    let path = []; // node ids after the start, in the order chosen

    // The choice of `from` that leads to `to`
    const choiceTo = (from, to) => {
      const el = nodes[from];
      return el ? el.querySelector('.latih-decision-choice[data-to="' + CSS.escape(to) + '"]') : null;
    };

    // Only the steps that follow the graph from the start are kept: a damaged link stops early
    function valid(ids) {
      const kept = [];
      let at = start;
      for (const id of ids) {
        if (!nodes[id] || !choiceTo(at, id)) break;
        kept.push(id);
        at = id;
      }
      return kept;
    }

    function shortestPath(target) {
      const before = { [start]: null };
      const queue = [start];
      for (let i = 0; i < queue.length; i++) {
        const id = queue[i];
        if (id === target) break;
        nodes[id].querySelectorAll(".latih-decision-choice").forEach((a) => {
          const to = a.dataset.to;
          if (nodes[to] && !(to in before)) {
            before[to] = id;
            queue.push(to);
          }
        });
      }
      if (!(target in before)) return [];
      const out = [];
      for (let id = target; id !== start; id = before[id]) out.unshift(id);
      return out;
    }

    function fromHash() {
      const hash = decodeURIComponent(location.hash.slice(1));
      if (hash.startsWith("path=")) return valid(hash.slice(5).split("/").filter(Boolean));
      if (hash.startsWith("node=")) return shortestPath(hash.slice(5));
      if (hash.startsWith("node-")) return shortestPath(hash.slice(5)); // a choice's link, before the script ran
      return [];
    }

    function linkFor(ids) {
      const url = location.href.split("#")[0];
      return ids.length ? url + "#path=" + ids.join("/") : url;
    }

    function show(focus) {
      const current = path.length ? path[path.length - 1] : start;
      Object.values(nodes).forEach((el) => (el.hidden = el.dataset.node !== current));
      const el = nodes[current];
      // The breadcrumb: the words of each choice taken
      crumbList.textContent = "";
      let at = start;
      path.forEach((id) => {
        const choice = choiceTo(at, id);
        const li = document.createElement("li");
        li.textContent = choice ? choice.dataset.crumb : id;
        crumbList.appendChild(li);
        at = id;
      });
      crumbs.hidden = false;
      crumbEmpty.hidden = path.length > 0;
      actions.hidden = false;
      backButton.disabled = path.length === 0;
      const verdict = el.dataset.verdict;
      const count = el.querySelector(".latih-decision-count");
      if (count) count.textContent = root.dataset.step.replace("{n}", String(path.length + 1));
      share.hidden = !verdict;
      linkBox.value = linkFor(path);
      const hash = path.length ? "#path=" + path.join("/") : "";
      if (location.hash !== hash && history.replaceState) {
        history.replaceState(null, "", location.pathname + location.search + hash);
      }
      // A verdict is announced; a new question takes the focus, so a screen reader reads it next
      live.textContent = verdict ? root.dataset.announce.replace("{verdict}", verdict) : "";
      if (focus) el.querySelector(".latih-decision-heading").focus();
    }

    root.addEventListener("click", (e) => {
      const choice = e.target.closest(".latih-decision-choice");
      if (!choice || !root.contains(choice)) return;
      e.preventDefault();
      const to = choice.dataset.to;
      if (!nodes[to]) return;
      const earlier = path.indexOf(to);
      if ("back" in choice.dataset && (earlier >= 0 || to === start)) path = path.slice(0, earlier + 1);
      else path = path.concat([to]);
      show(true);
    });
    backButton.addEventListener("click", () => {
      path = path.slice(0, -1);
      show(true);
    });
    actions.querySelector(".latih-decision-restart").addEventListener("click", () => {
      path = [];
      show(true);
    });
    share.querySelector(".latih-decision-copy").addEventListener("click", () => {
      const said = () => (live.textContent = root.dataset.copied);
      const manual = () => {
        linkBox.focus();
        linkBox.select();
        live.textContent = root.dataset.copyManual + " " + linkBox.value;
      };
      const text = linkBox.value;
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(said, () => {
          linkBox.select();
          try {
            if (document.execCommand("copy")) return said();
          } catch (err) {
            /* the manual way below */
          }
          manual();
        });
      } else manual();
    });
    share.querySelector(".latih-decision-print").addEventListener("click", () => window.print());
    window.addEventListener("hashchange", () => {
      if (!root.isConnected) return;
      const wanted = fromHash();
      if (wanted.join("/") !== path.join("/")) {
        path = wanted;
        show(true);
      }
    });
    path = fromHash();
    show(location.hash.length > 1);
  }

  function init() {
    document.querySelectorAll(".latih-decision[data-latih-decision]").forEach(setup);
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// War room: a world map of the affected networks' countries and the incident's sites (local data
// only), and every <time data-local> shown in the viewer's own time zone as well as UTC.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function drawMap() {
    const wrap = document.getElementById("incident-map");
    if (!wrap) return;
    const countries = new Set(JSON.parse(wrap.dataset.countries || "[]"));
    const sites = JSON.parse(wrap.dataset.sites || "[]");
    fetch(wrap.dataset.worldUrl).then((r) => r.json()).then((world) => {
      const svg = el("svg", { viewBox: `0 0 ${world.width} ${world.height}`, role: "img",
                              "aria-label": "Countries of the affected networks and the incident's sites" });
      for (const c of world.countries) {
        const path = el("path", { d: c.d, class: countries.has(c.iso) ? "country affected" : "country" });
        const title = el("title");
        title.textContent = c.name;
        path.appendChild(title);
        svg.appendChild(path);
      }
      for (const [lat, lon, name] of sites) {
        const dot = el("circle", { cx: (lon + 180).toFixed(2), cy: (90 - lat).toFixed(2), r: 1.4, class: "site" });
        const title = el("title");
        title.textContent = name;
        dot.appendChild(title);
        svg.appendChild(dot);
      }
      wrap.replaceChildren(svg);
    }).catch(() => { wrap.textContent = "The map could not be loaded."; });
  }

  function localTimes(root) {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (const node of root.querySelectorAll("time[data-local]")) {
      if (node.dataset.done) continue;
      const moment = new Date(node.getAttribute("datetime"));
      if (isNaN(moment)) continue;
      const text = moment.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
      node.title = `${text} (${zone}, your time zone)`;
      const extra = document.createElement("span");
      extra.className = "viewer-time";
      extra.textContent = ` · ${text} your time`;
      node.after(extra);
      node.dataset.done = "1";
    }
  }

  document.addEventListener("DOMContentLoaded", () => { drawMap(); localTimes(document); });
  document.addEventListener("htmx:afterSwap", (event) => localTimes(event.target.parentNode || document));
})();

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
      zoom(svg, world);
    }).catch(() => { wrap.textContent = "The map could not be loaded."; });
  }

  // Frame what matters: the affected countries and the sites, with some of the world around them.
  function zoom(svg, world) {
    const shapes = svg.querySelectorAll(".country.affected, .site");
    if (!shapes.length) return;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const shape of shapes) {
      const box = shape.getBBox();
      x0 = Math.min(x0, box.x); y0 = Math.min(y0, box.y);
      x1 = Math.max(x1, box.x + box.width); y1 = Math.max(y1, box.y + box.height);
    }
    const width = Math.max(x1 - x0 + 30, 60);
    const height = Math.max(width / 2, y1 - y0 + 20);
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const left = Math.max(0, Math.min(world.width - width, cx - width / 2));
    const top = Math.max(0, Math.min(world.height - height, cy - height / 2));
    svg.setAttribute("viewBox", `${left.toFixed(1)} ${top.toFixed(1)} ${width.toFixed(1)} ${height.toFixed(1)}`);
    for (const dot of svg.querySelectorAll(".site")) dot.setAttribute("r", (width / 160).toFixed(2));
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

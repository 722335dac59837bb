// World map of personal-data transfers by destination country, drawn from local data only
// (the map app's Natural Earth shapes). Countries shade by the number of transfers; a red outline
// marks a destination with a transfer that has no mechanism.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function start() {
    const wrap = document.getElementById("flows-map");
    if (!wrap) return;
    const status = document.getElementById("flows-status");
    Promise.all([fetch(wrap.dataset.worldUrl).then((r) => r.json()),
                 fetch(wrap.dataset.dataUrl, { credentials: "same-origin" }).then((r) => r.json())])
      .then(([world, data]) => draw(world, data))
      .catch(() => { status.textContent = "The map could not be loaded."; });

    function draw(world, data) {
      status.remove();
      const byIso = {};
      for (const row of data.countries) byIso[row.country] = row;
      const max = Math.max(1, ...data.countries.map((r) => r.count));
      const svg = el("svg", { viewBox: `0 0 ${world.width} ${world.height}`, role: "img",
                              "aria-label": "World map of personal-data transfers by destination" });
      for (const c of world.countries) {
        const row = byIso[c.iso];
        const step = row ? 1 + Math.min(4, Math.floor(4 * Math.sqrt(row.count / max))) : 0;
        let cls = step ? `country f${step}` : "country";
        if (row && row.without_mechanism) cls += " unprotected";
        const path = el("path", { d: c.d, class: cls });
        const title = el("title");
        title.textContent = row ? `${c.name}: ${row.count} transfer(s), ${row.without_mechanism} without a mechanism`
          : `${c.name}: no transfers`;
        path.appendChild(title);
        if (row) path.addEventListener("click", () => { window.location = `${data.list_url}?destination=${c.iso}`; });
        svg.appendChild(path);
      }
      wrap.appendChild(svg);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();

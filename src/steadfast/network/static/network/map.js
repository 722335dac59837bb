// World map of sites and customer networks: equirectangular SVG drawn from local data only.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#d62728", "#8c564b"];
  const TIER_LABELS = ["our own", "tier 1", "tier 2", "tier 3+"];

  function el(name, attrs) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function tierClass(tier) { return Math.min(tier, 3); }

  function start() {
    const wrap = document.getElementById("world-map");
    if (!wrap) return;
    const controls = document.getElementById("map-controls");
    const status = document.getElementById("map-status");
    const tip = document.getElementById("map-tip");
    const legend = document.getElementById("map-legend");
    Promise.all([fetch(wrap.dataset.worldUrl).then((r) => r.json()),
                 fetch(wrap.dataset.dataUrl, { credentials: "same-origin" }).then((r) => r.json())])
      .then(([world, data]) => draw(world, data))
      .catch(() => { status.textContent = "The map could not be loaded."; });

    function draw(world, data) {
      status.remove();
      const svg = el("svg", { viewBox: `0 0 ${world.width} ${world.height}`, role: "img",
                              "aria-label": "World map of sites and customer networks" });
      const countries = el("g");
      const byIso = {};
      for (const c of world.countries) {
        const path = el("path", { d: c.d, class: "country" });
        path.dataset.iso = c.iso;
        path.dataset.name = c.name;
        countries.appendChild(path);
        if (c.iso) (byIso[c.iso] = byIso[c.iso] || []).push(path);
      }
      svg.appendChild(countries);
      const dots = el("g");
      svg.appendChild(dots);
      wrap.insertBefore(svg, tip);
      const kindSelect = controls.elements.kind;
      data.sites.kinds.forEach((kind, i) => kindSelect.appendChild(new Option(data.sites.kind_labels[i], String(i))));

      function shade() {
        const metric = controls.elements.shade.value;
        const values = Object.values(data.networks).map((v) => v[metric] || 0);
        const max = Math.max(1, ...values);
        for (const [iso, paths] of Object.entries(byIso)) {
          const v = metric && data.networks[iso] ? data.networks[iso][metric] : 0;
          const step = v ? 1 + Math.min(4, Math.floor(4 * Math.sqrt(v / max))) : 0;
          // A class, not a fill attribute: the stylesheet's fill for .country would win over it.
          for (const p of paths) p.setAttribute("class", step ? `country s${step}` : "country");
        }
      }

      function render() {
        const colourBy = controls.elements.colour.value;
        const kind = controls.elements.kind.value;
        const tier = controls.elements.tier.value;
        const country = controls.elements.country.value.trim().toUpperCase();
        dots.replaceChildren();
        const fragment = document.createDocumentFragment();
        let shown = 0;
        data.sites.rows.forEach((row, i) => {
          const [, lat, lon, k, t, iso] = row;
          if (kind !== "" && String(k) !== kind) return;
          if (tier !== "" && String(tierClass(t)) !== tier) return;
          if (country && iso !== country) return;
          const colour = colourBy === "tier" ? PALETTE[tierClass(t)] : PALETTE[k % PALETTE.length];
          const dot = el("circle", { cx: (lon + 180).toFixed(2), cy: (90 - lat).toFixed(2), r: 0.7, fill: colour, class: "site" });
          dot.dataset.i = i;
          fragment.appendChild(dot);
          shown += 1;
        });
        dots.appendChild(fragment);
        const labels = colourBy === "tier" ? TIER_LABELS : data.sites.kind_labels;
        legend.replaceChildren(...labels.map((label, i) => {
          const item = document.createElement("span");
          const swatch = document.createElement("span");
          swatch.className = `swatch k${i}`;
          item.append(swatch, label);
          return item;
        }));
        const count = document.createElement("span");
        count.textContent = `${shown.toLocaleString()} sites shown`;
        legend.appendChild(count);
        const metric = controls.elements.shade.value;
        if (metric) {
          const scale = document.createElement("span");
          scale.className = "shade-scale";
          scale.append(metric === "count" ? "networks per country: few" : "subscribers per country: few");
          for (let step = 1; step <= 5; step += 1) {
            const box = document.createElement("span");
            box.className = `shade s${step}`;
            scale.append(box);
          }
          scale.append("many");
          legend.appendChild(scale);
        }
        shade();
      }

      function siteAt(target) {
        return target.classList && target.classList.contains("site") ? data.sites.rows[Number(target.dataset.i)] : null;
      }
      svg.addEventListener("mousemove", (event) => {
        const row = siteAt(event.target);
        let text = "";
        if (row) text = `${row[6]} · ${data.sites.kind_labels[row[3]]} · ${row[5]}`;
        else if (event.target.dataset && event.target.dataset.iso !== undefined) {
          const n = data.networks[event.target.dataset.iso];
          text = `${event.target.dataset.name}${n ? ` · ${n.count} networks, ${n.subscribers.toLocaleString()} subscribers` : ""}`;
        }
        tip.hidden = !text;
        if (!text) return;
        tip.textContent = text;
        const box = wrap.getBoundingClientRect();
        tip.style.left = `${event.clientX - box.left + 12}px`;
        tip.style.top = `${event.clientY - box.top + 12}px`;
      });
      svg.addEventListener("mouseleave", () => { tip.hidden = true; });
      svg.addEventListener("click", (event) => {
        const row = siteAt(event.target);
        if (row) window.location.assign(data.site_url.replace("{id}", row[0]));
      });
      controls.addEventListener("change", render);
      controls.addEventListener("submit", (event) => { event.preventDefault(); render(); });
      render();
    }
  }
  document.addEventListener("DOMContentLoaded", start);
})();

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

      function matches(k, t, iso, filter) {
        if (filter.kind !== "" && String(k) !== filter.kind) return false;
        if (filter.tier !== "" && String(tierClass(t)) !== filter.tier) return false;
        return !filter.country || iso === filter.country;
      }

      function drawSites(filter) {
        const fragment = document.createDocumentFragment();
        let shown = 0;
        data.sites.rows.forEach((row, i) => {
          const [, lat, lon, k, t, iso] = row;
          if (!matches(k, t, iso, filter)) return;
          const colour = filter.colourBy === "tier" ? PALETTE[tierClass(t)] : PALETTE[k % PALETTE.length];
          const dot = el("circle", { cx: (lon + 180).toFixed(2), cy: (90 - lat).toFixed(2), r: 0.7, fill: colour, class: "site" });
          dot.dataset.i = i;
          fragment.appendChild(dot);
          shown += 1;
        });
        dots.appendChild(fragment);
        return `${shown.toLocaleString()} sites shown`;
      }

      function plural(label, n) {
        const word = label.toLowerCase();
        if (n === 1) return word;
        return /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`;
      }

      function breakdown(counts, labels, pluralise) {
        return counts.map((n, i) => [n, i]).filter(([n]) => n > 0).sort((a, b) => b[0] - a[0])
          .map(([n, i]) => `${n.toLocaleString()} ${pluralise ? plural(labels[i], n) : labels[i]}`).join(", ");
      }

      // Grouped sites (more than the server's limit): [cell, lat, lon, kind, tier, country, count] rows,
      // summed per cell over the groups that match the filters, one circle per cell.
      function drawCells(filter) {
        const kindCount = data.sites.kinds.length;
        const cells = new Map();
        let total = 0;
        for (const [cell, lat, lon, k, t, iso, n] of data.sites.rows) {
          if (!matches(k, t, iso, filter)) continue;
          let c = cells.get(cell);
          if (!c) {
            c = { n: 0, lat: 0, lon: 0, kinds: new Array(kindCount).fill(0), tiers: [0, 0, 0, 0] };
            cells.set(cell, c);
          }
          c.n += n; c.lat += lat * n; c.lon += lon * n;
          c.kinds[k] += n; c.tiers[tierClass(t)] += n;
          total += n;
        }
        let largest = 1;
        for (const c of cells.values()) largest = Math.max(largest, c.n);
        const fragment = document.createDocumentFragment();
        // Largest first, so a small cell next to a big one stays visible (and hoverable) on top.
        for (const c of [...cells.values()].sort((a, b) => b.n - a.n)) {
          const counts = filter.colourBy === "tier" ? c.tiers : c.kinds;
          const top = counts.indexOf(Math.max(...counts));
          const circle = el("circle", { cx: (c.lon / c.n + 180).toFixed(2), cy: (90 - c.lat / c.n).toFixed(2),
                                        r: (0.6 + 3.4 * Math.sqrt(c.n / largest)).toFixed(2),
                                        fill: PALETTE[top % PALETTE.length], class: "cluster" });
          const title = el("title");
          let text = `${c.n.toLocaleString()} ${c.n === 1 ? "site" : "sites"}: ${breakdown(c.kinds, data.sites.kind_labels, true)}`;
          if (filter.colourBy === "tier") text += `; ${breakdown(c.tiers, TIER_LABELS, false)}`;
          title.textContent = text;
          circle.appendChild(title);
          fragment.appendChild(circle);
        }
        dots.appendChild(fragment);
        return `${total.toLocaleString()} ${total === 1 ? "site" : "sites"} in ${cells.size.toLocaleString()} ` +
          `${cells.size === 1 ? "cell" : "cells"} ` +
          `(grouped: more than ${data.sites.limit.toLocaleString()} sites)`;
      }

      function render() {
        const colourBy = controls.elements.colour.value;
        const filter = { colourBy, kind: controls.elements.kind.value, tier: controls.elements.tier.value,
                         country: controls.elements.country.value.trim().toUpperCase() };
        dots.replaceChildren();
        const summary = data.sites.grouped ? drawCells(filter) : drawSites(filter);
        const labels = colourBy === "tier" ? TIER_LABELS : data.sites.kind_labels;
        legend.replaceChildren(...labels.map((label, i) => {
          const item = document.createElement("span");
          const swatch = document.createElement("span");
          swatch.className = `swatch k${i}`;
          item.append(swatch, label);
          return item;
        }));
        const count = document.createElement("span");
        count.className = "map-count";
        count.textContent = summary;
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
        else if (event.target.classList && event.target.classList.contains("cluster")) text = event.target.textContent;
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

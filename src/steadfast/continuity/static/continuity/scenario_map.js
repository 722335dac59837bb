// The scenario builder's world map: sites as dots; a click places the circle's centre in the form
// (latitude, longitude) and the radius field sizes it. With data-mode="shade" it shades countries
// by the steps in data-shades (AAL by country). Equirectangular, like network/map.js.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const KM_PER_DEGREE = 111.195;

  function el(name, attrs) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function start() {
    const wrap = document.getElementById("scenario-map");
    if (!wrap) return;
    const status = document.getElementById("scenario-map-status");
    const loads = [fetch(wrap.dataset.worldUrl).then((r) => r.json())];
    if (wrap.dataset.dataUrl) loads.push(fetch(wrap.dataset.dataUrl, { credentials: "same-origin" }).then((r) => r.json()));
    Promise.all(loads).then(([world, data]) => draw(wrap, world, data)).then(() => status && status.remove())
      .catch(() => { if (status) status.textContent = "The map could not be loaded."; });
  }

  function draw(wrap, world, data) {
    const svg = el("svg", { viewBox: `0 0 ${world.width} ${world.height}`, role: "img",
                            "aria-label": "World map", "data-testid": "scenario-map-svg" });
    const shades = wrap.dataset.shades ? JSON.parse(wrap.dataset.shades) : {};
    for (const c of world.countries) {
      const step = shades[c.iso];
      const path = el("path", { d: c.d, class: step ? `country risk-${step}` : "country" });
      const title = el("title");
      title.textContent = c.name;
      path.appendChild(title);
      svg.appendChild(path);
    }
    if (data && data.sites) {
      const dots = el("g");
      for (const row of data.sites.rows) {
        dots.appendChild(el("circle", { cx: (row[2] + 180).toFixed(2), cy: (90 - row[1]).toFixed(2), r: 0.5, class: "site" }));
      }
      svg.appendChild(dots);
    }
    wrap.appendChild(svg);
    if (wrap.dataset.mode !== "circle") return;
    const form = document.getElementById("scenario-form");
    const footprint = el("ellipse", { class: "footprint", rx: 0, ry: 0, cx: -10, cy: -10, "data-testid": "footprint" });
    svg.appendChild(footprint);

    function redraw() {
      const lat = parseFloat(form.elements.latitude.value);
      const lon = parseFloat(form.elements.longitude.value);
      const km = parseFloat(form.elements.radius_km.value);
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
      const ry = Number.isFinite(km) && km > 0 ? km / KM_PER_DEGREE : 0.5;
      const rx = ry / Math.max(Math.cos((lat * Math.PI) / 180), 0.05);
      footprint.setAttribute("cx", (lon + 180).toFixed(3));
      footprint.setAttribute("cy", (90 - lat).toFixed(3));
      footprint.setAttribute("rx", rx.toFixed(3));
      footprint.setAttribute("ry", ry.toFixed(3));
    }

    svg.addEventListener("click", (event) => {
      const point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      const at = point.matrixTransform(svg.getScreenCTM().inverse());
      form.elements.latitude.value = (90 - at.y).toFixed(3);
      form.elements.longitude.value = (at.x - 180).toFixed(3);
      form.elements.selection.value = "circle";
      if (!form.elements.radius_km.value) form.elements.radius_km.value = "300";
      redraw();
    });
    for (const name of ["latitude", "longitude", "radius_km"]) form.elements[name].addEventListener("input", redraw);
    redraw();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

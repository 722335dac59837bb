// A plan's resource picker: click the world map, the nearest sites are listed, and choosing one puts
// its ref in the resource form's site field (kind: alternate site). Equirectangular, like network/map.js.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function start() {
    const wrap = document.getElementById("resource-map");
    if (!wrap) return;
    const form = document.getElementById("resource-form");
    const list = document.getElementById("resource-map-sites");
    fetch(wrap.dataset.worldUrl).then((r) => r.json()).then((world) => {
      const svg = el("svg", { viewBox: `0 0 ${world.width} ${world.height}`, role: "img",
                              "aria-label": "World map: click near a site", "data-testid": "resource-map-svg" });
      for (const c of world.countries) svg.appendChild(el("path", { d: c.d, class: "country" }));
      const pin = el("circle", { r: 1.5, cx: -10, cy: -10, class: "footprint" });
      svg.appendChild(pin);
      wrap.appendChild(svg);
      svg.addEventListener("click", (event) => {
        const point = svg.createSVGPoint();
        point.x = event.clientX;
        point.y = event.clientY;
        const at = point.matrixTransform(svg.getScreenCTM().inverse());
        const lat = (90 - at.y).toFixed(3), lon = (at.x - 180).toFixed(3);
        pin.setAttribute("cx", at.x.toFixed(2));
        pin.setAttribute("cy", at.y.toFixed(2));
        fetch(`${wrap.dataset.nearestUrl}?lat=${lat}&lon=${lon}`, { credentials: "same-origin" })
          .then((r) => r.json()).then((answer) => {
            list.replaceChildren();
            for (const site of answer.sites || []) {
              const button = document.createElement("button");
              button.type = "button";
              button.className = "button small";
              button.dataset.ref = site.ref;
              button.textContent = `${site.ref} · ${site.name} (${site.country}, ${site.km} km)`;
              button.addEventListener("click", () => {
                form.elements.kind.value = "alternate_site";
                form.elements.site.value = site.ref;
                form.elements.source.value = "";
              });
              const item = document.createElement("li");
              item.appendChild(button);
              list.appendChild(item);
            }
          });
      });
    }).catch(() => { wrap.textContent = "The map could not be loaded."; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

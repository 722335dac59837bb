// Zoom and pan for the offline SVG world maps: buttons, mouse wheel, drag and keyboard (+ − 0 and
// the arrow keys once the map has focus). A static file, no inline script or style (CSP). It
// attaches itself to every <svg> drawn inside an element with data-world-url, now or later, so a
// map page only has to load it: <script src="{% static 'network/zoom.js' %}" defer></script>.
(function () {
  "use strict";
  const MAX_ZOOM = 16;
  const STEP = 1.5;

  function attach(svg) {
    if (svg.dataset.zoom || !svg.viewBox || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) return;
    svg.dataset.zoom = "1";
    const base = svg.viewBox.baseVal;
    const full = { x: base.x, y: base.y, w: base.width, h: base.height };
    const view = { ...full };
    const host = svg.parentNode;

    const bar = document.createElement("div");
    bar.className = "map-zoom";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Zoom the map");
    function button(label, text, action) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.title = label;
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    }
    const zoomIn = button("Zoom in", "+", () => zoomAt(STEP));
    const zoomOut = button("Zoom out", "\u2212", () => zoomAt(1 / STEP));
    const reset = button("Show the whole world", "\u21ba", () => { Object.assign(view, full); apply(); });
    host.insertBefore(bar, svg);

    svg.setAttribute("tabindex", "0");
    const label = svg.getAttribute("aria-label") || "World map";
    svg.setAttribute("aria-label", `${label}. Plus and minus zoom, arrow keys move, 0 shows the whole world.`);

    function zoom() { return full.w / view.w; }
    function clamp() {
      view.w = Math.min(full.w, Math.max(full.w / MAX_ZOOM, view.w));
      view.h = view.w * full.h / full.w;
      view.x = Math.min(full.x + full.w - view.w, Math.max(full.x, view.x));
      view.y = Math.min(full.y + full.h - view.h, Math.max(full.y, view.y));
    }
    function apply() {
      clamp();
      svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
      svg.dataset.zoomLevel = zoom().toFixed(2);
      zoomIn.disabled = zoom() >= MAX_ZOOM - 1e-9;
      zoomOut.disabled = reset.disabled = zoom() <= 1 + 1e-9;
      svg.classList.toggle("zoomed", zoom() > 1 + 1e-9);
      resize();
    }
    // Dots are drawn in map units: keep them about their drawn size on screen as the map zooms.
    function resize() {
      const shrink = 1 / Math.sqrt(zoom());
      for (const dot of svg.querySelectorAll("circle")) {
        if (!dot.dataset.r0) dot.dataset.r0 = dot.getAttribute("r");
        dot.setAttribute("r", String(Number(dot.dataset.r0) * shrink));
      }
    }
    function zoomAt(factor, cx, cy) {
      const x = cx === undefined ? view.x + view.w / 2 : cx;
      const y = cy === undefined ? view.y + view.h / 2 : cy;
      const w = Math.min(full.w, Math.max(full.w / MAX_ZOOM, view.w / factor));
      const ratio = w / view.w;
      view.x = x - (x - view.x) * ratio;
      view.y = y - (y - view.y) * ratio;
      view.w = w;
      apply();
    }
    function toMap(clientX, clientY) {
      const box = svg.getBoundingClientRect();
      return { x: view.x + (clientX - box.left) / box.width * view.w,
               y: view.y + (clientY - box.top) / box.height * view.h };
    }

    svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      const at = toMap(event.clientX, event.clientY);
      zoomAt(event.deltaY < 0 ? 1.25 : 0.8, at.x, at.y);
    }, { passive: false });

    let drag = null;
    let dragged = false;
    svg.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, id: event.pointerId };
      dragged = false;
    });
    svg.addEventListener("pointermove", (event) => {
      if (!drag || event.pointerId !== drag.id) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!dragged && Math.hypot(dx, dy) < 4) return;
      if (!dragged) { dragged = true; svg.setPointerCapture(event.pointerId); svg.classList.add("dragging"); }
      const box = svg.getBoundingClientRect();
      view.x = drag.vx - dx / box.width * view.w;
      view.y = drag.vy - dy / box.height * view.h;
      apply();
    });
    function endDrag() { drag = null; svg.classList.remove("dragging"); }
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);
    // A drag is not a click: the site under the pointer where the drag ended is not opened.
    svg.addEventListener("click", (event) => {
      if (dragged) { event.stopPropagation(); event.preventDefault(); dragged = false; }
    }, true);

    svg.addEventListener("keydown", (event) => {
      const pan = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
      if (event.key === "+" || event.key === "=") zoomAt(STEP);
      else if (event.key === "-" || event.key === "_") zoomAt(1 / STEP);
      else if (event.key === "0") { Object.assign(view, full); apply(); }
      else if (pan) { view.x += pan[0] * view.w * 0.15; view.y += pan[1] * view.h * 0.15; apply(); }
      else return;
      event.preventDefault();
    });

    // The page redraws its dots when filters change: size the new ones for the current zoom.
    let pending = false;
    new MutationObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; resize(); });
    }).observe(svg, { childList: true, subtree: true });
    apply();
  }

  function scan(root) {
    for (const svg of root.querySelectorAll("[data-world-url] svg")) attach(svg);
  }
  document.addEventListener("DOMContentLoaded", () => {
    scan(document);
    new MutationObserver(() => scan(document)).observe(document.body, { childList: true, subtree: true });
  });
  window.SteadfastMapZoom = { attach };
})();

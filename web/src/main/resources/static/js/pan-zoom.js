// Pan (drag the background) and zoom (wheel, around the cursor) for an SVG whose
// content sits in one <g>. A press that moves less than a few pixels stays a click.
// Zoomed out so far that text would be a few pixels high, the SVG gets the class `far`
// (app.css hides its text then: thousands of unreadable labels cost most of a big graph's drawing).

const MIN_SCALE = 0.2;
const MAX_SCALE = 4;
const DRAG_THRESHOLD = 4;
const FAR_SCALE = 0.45;

export function panZoom(svg, viewport) {
  const view = { x: 0, y: 0, k: 1 };
  let drag = null;

  const apply = () => {
    viewport.setAttribute('transform', `translate(${view.x},${view.y}) scale(${view.k})`);
    svg.classList.toggle('far', view.k < FAR_SCALE);
  };

  /** Scales by `factor` keeping the point (px, py) of the SVG where it is. */
  function zoomAt(factor, px, py) {
    const k = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.k * factor));
    view.x = px - ((px - view.x) * k) / view.k;
    view.y = py - ((py - view.y) * k) / view.k;
    view.k = k;
    apply();
  }

  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const box = svg.getBoundingClientRect();
    zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - box.left, e.clientY - box.top);
  }, { passive: false });

  let panned = false; // the press that just ended moved the view: its click is not a click on a node
  svg.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX, y: e.clientY, startX: view.x, startY: view.y, moved: false };
    panned = false;
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag || !(e.buttons & 1)) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!drag.moved) svg.setPointerCapture(e.pointerId);
    drag.moved = true;
    svg.classList.add('panning');
    view.x = drag.startX + dx;
    view.y = drag.startY + dy;
    apply();
  });
  const end = () => {
    panned = Boolean(drag?.moved);
    drag = null;
    svg.classList.remove('panning');
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
  svg.addEventListener('click', (e) => {
    if (panned) e.stopPropagation();
    panned = false;
  }, true);

  return {
    /** Fits a width × height drawing into the SVG with a margin, never enlarging past 1:1. */
    fit(width, height, margin = 24) {
      const box = svg.getBoundingClientRect();
      view.k = Math.min(1, (box.width - 2 * margin) / width, (box.height - 2 * margin) / height);
      view.k = Math.max(MIN_SCALE, view.k);
      view.x = (box.width - width * view.k) / 2;
      view.y = (box.height - height * view.k) / 2;
      apply();
    },
    zoom(factor) {
      const box = svg.getBoundingClientRect();
      zoomAt(factor, box.width / 2, box.height / 2);
    },
  };
}

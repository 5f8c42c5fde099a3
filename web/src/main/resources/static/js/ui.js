// Small formatting and markup helpers shared by the views. All markup is built
// from template strings, so every interpolated value goes through esc().

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

export const ACTIVE = new Set(['QUEUED', 'RUNNING']);
export const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
// 'tracked': runs logged by MLflow clients (/api/2.0/mlflow), listed like any other, never submitted here.
export const KINDS = ['pretrain', 'rl', 'preference', 'distill', 'merge', 'tracked'];

export const statusChip = (status) =>
  `<span class="chip chip-${esc(status).toLowerCase()}">${esc(status)}</span>`;

/** Step/totalSteps bar, coloured by the run's status. */
export function progressBar(progress, status = '') {
  const step = progress?.step ?? 0;
  const total = progress?.totalSteps ?? 0;
  const pct = total > 0 ? Math.min(100, (100 * step) / total) : 0;
  return `<div class="progress ${esc(status).toLowerCase()}" title="${pct.toFixed(1)}%">
      <div class="bar"><span style="width:${pct}%"></span></div>
      <span class="num">${fmtInt(step)}/${total ? fmtInt(total) : '?'}</span>
    </div>`;
}

export const fmtInt = (n) => (n == null ? '—' : Number(n).toLocaleString('en-US'));

/**
 * Metric values: 4 significant digits, scientific when very small or large. A diverged value comes from the API as
 * the string "NaN", "Infinity" or "-Infinity" and is shown as it is.
 */
export function fmtNum(n) {
  if (typeof n === 'string') return n;
  if (n == null || Number.isNaN(n)) return '—';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return n.toExponential(2).replace(/\.?0+e/, 'e');
  return Number(n.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function fmtBytes(bytes) {
  if (bytes == null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i ? v.toFixed(1) : v} ${units[i]}`;
}

export const fmtTime = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

/** "3 min ago" with the absolute time as a tooltip. */
export function fmtAgo(iso) {
  if (!iso) return '—';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  const text = s < 60 ? 'just now' : s < 3600 ? `${Math.floor(s / 60)} min ago`
    : s < 86400 ? `${Math.floor(s / 3600)} h ago` : new Date(iso).toLocaleDateString();
  return `<time datetime="${esc(iso)}" title="${esc(fmtTime(iso))}">${text}</time>`;
}

/** Wall time from start to end (or to now while still running). */
export function fmtDuration(startIso, endIso) {
  if (!startIso) return '—';
  const end = endIso ? new Date(endIso).getTime() : Date.now();
  return fmtSeconds((end - new Date(startIso).getTime()) / 1000);
}

/** A number of seconds as "2h 5m", "5m 3s" or "3s". */
export function fmtSeconds(seconds) {
  if (seconds == null) return '—';
  let s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  s %= 60;
  return h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
}

/** A cost in its currency; a device without a price has no cost, shown as a dash rather than 0. */
export const fmtCost = (cost, currency) =>
  (cost == null ? '—' : `${Number(cost).toFixed(cost < 1 ? 4 : 2)} ${esc(currency)}`);

const COPY_ICON = `<svg viewBox="0 0 16 16" width="13" height="13" fill="none" stroke="currentColor"
  stroke-width="1.5"><rect x="5" y="5" width="9" height="9" rx="1.5"/><path d="M11 5V3.5A1.5 1.5 0 0 0 9.5 2h-6A1.5 1.5 0 0 0 2 3.5v6A1.5 1.5 0 0 0 3.5 11H5"/></svg>`;

export const copyButton = (text) =>
  `<button type="button" class="btn-icon" data-copy="${esc(text)}" title="Copy">${COPY_ICON}</button>`;

export const problemBox = (error) =>
  `<div class="problem"><strong>${esc(error.title || 'Error')}</strong>
     ${error.detail && error.detail !== error.title ? ` — ${esc(error.detail)}` : ''}</div>`;

/** Where a form shows the problem of a refused write (see showRefusal). */
export const formError = '<div class="form-error" data-form-error></div>';

/**
 * Shows a refused write's problem under its form and marks the controls it names. A problem's field is a JSON path
 * ("$.spec.model.layers", "$.value") or a path variable ("key", "alias"): the control whose data-field, else whose
 * name, is that path without its "$.".
 */
export function showRefusal(form, error) {
  const named = new Set(error.fieldErrors.map((f) => String(f.field).replace(/^\$\./, '')));
  for (const control of form.elements) {
    const field = control.dataset.field || control.name;
    if (field) control.setAttribute('aria-invalid', String(named.has(field)));
  }
  form.querySelector('[data-form-error]').innerHTML = problemBox(error);
}

/** Smallest finite value (no spread: live series can outgrow the argument limit). */
export const minOf = (values) => values.reduce((a, b) => (b < a ? b : a), Infinity);

/** Display order for metric keys: the standard ones first, then alphabetical. */
const KEY_ORDER = ['train/loss', 'val/loss', 'val/bpb', 'train/grad_norm', 'lr', 'throughput/tokens_per_s'];
export function sortKeys(keys) {
  const rank = (k) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

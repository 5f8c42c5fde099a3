// #/runs — one server-side page of runs at a time, so it stays fast at any total.
// Filters live in the URL; rows are rebuilt as one string; events are delegated.

import { get } from '../api.js';
import {
  ACTIVE, KINDS, STATUSES, esc, fmtAgo, fmtCost, fmtDuration, fmtInt, fmtNum, fmtSeconds, problemBox, progressBar,
  statusChip,
} from '../ui.js';

const FILTERS = ['status', 'kind', 'project', 'q'];
const PAGE_SIZES = [25, 50, 100, 200];
const REFRESH_MS = 5000;
const DEBOUNCE_MS = 250;

export function mount(el, { query }) {
  const state = {
    ...Object.fromEntries(FILTERS.map((f) => [f, query.get(f) || ''])),
    page: Number(query.get('page')) || 0,
    size: PAGE_SIZES.includes(Number(query.get('size'))) ? Number(query.get('size')) : 50,
  };
  const selected = new Set();
  let controller;
  let refreshTimer;
  let debounceTimer;

  el.innerHTML = `
    <form class="toolbar" autocomplete="off">
      <h1>Runs</h1>
      <input type="search" name="q" placeholder="Search name or id…" value="${esc(state.q)}">
      <select name="status"><option value="">All statuses</option>
        ${STATUSES.map((s) => `<option${s === state.status ? ' selected' : ''}>${s}</option>`).join('')}</select>
      <select name="kind"><option value="">All kinds</option>
        ${KINDS.map((k) => `<option${k === state.kind ? ' selected' : ''}>${k}</option>`).join('')}</select>
      <input name="project" placeholder="Project" value="${esc(state.project)}">
      <span class="spacer"></span>
      <button type="button" class="btn" data-compare disabled>Compare</button>
      <a class="btn primary" href="#/submit">New run</a>
    </form>
    <div data-error></div>
    <div class="table-wrap">
      <table class="grid runs">
        <thead><tr>
          <th class="check"><input type="checkbox" data-all title="Select page"></th>
          <th>Status</th><th>Name</th><th>Kind</th><th>Project</th><th>Progress</th>
          <th class="num">train/loss</th><th>Created</th><th class="num">Duration</th>
          <th class="num" title="Device time over all attempts (and its cost where the device has a price)">Device time</th>
        </tr></thead>
        <tbody></tbody>
      </table>
    </div>
    <div class="pager"></div>`;

  const form = el.querySelector('form');
  const tbody = el.querySelector('tbody');
  const pager = el.querySelector('.pager');
  const errorEl = el.querySelector('[data-error]');
  const compareBtn = el.querySelector('[data-compare]');
  const allBox = el.querySelector('[data-all]');
  let items = [];

  function syncUrl() {
    const qs = new URLSearchParams();
    for (const f of FILTERS) if (state[f]) qs.set(f, state[f]);
    if (state.page) qs.set('page', state.page);
    if (state.size !== 50) qs.set('size', state.size);
    const s = qs.toString();
    history.replaceState(null, '', `#/runs${s ? `?${s}` : ''}`);
  }

  async function load({ quiet = false } = {}) {
    clearTimeout(refreshTimer);
    controller?.abort();
    controller = new AbortController();
    if (!quiet) tbody.classList.add('loading');
    try {
      const params = { ...Object.fromEntries(FILTERS.map((f) => [f, state[f]])), page: state.page, size: state.size };
      const result = await get('/runs', params, controller.signal);
      items = result.items || [];
      errorEl.replaceChildren();
      renderRows();
      renderPager(result.total ?? items.length);
      if (items.some((r) => ACTIVE.has(r.status))) refreshTimer = setTimeout(refresh, REFRESH_MS);
    } catch (e) {
      if (e.name === 'AbortError') return;
      errorEl.innerHTML = problemBox(e);
    } finally {
      tbody.classList.remove('loading');
    }
  }

  function refresh() {
    if (document.hidden) refreshTimer = setTimeout(refresh, REFRESH_MS);
    else load({ quiet: true });
  }

  function renderRows() {
    if (!items.length) {
      tbody.innerHTML = '<tr><td colspan="10" class="empty">No runs match these filters.</td></tr>';
    } else {
      tbody.innerHTML = items.map((r) => `
        <tr data-id="${esc(r.id)}"${selected.has(r.id) ? ' class="selected"' : ''}>
          <td class="check"><input type="checkbox"${selected.has(r.id) ? ' checked' : ''}></td>
          <td>${statusChip(r.status)}</td>
          <td class="name"><a href="#/runs/${encodeURIComponent(r.id)}">${esc(r.name || r.id)}</a></td>
          <td>${esc(r.kind)}</td>
          <td>${esc(r.project || '—')}</td>
          <td>${progressBar(r.progress, r.status)}</td>
          <td class="num mono">${fmtNum(r.summary?.['train/loss']?.last)}</td>
          <td>${fmtAgo(r.createdAt)}</td>
          <td class="num">${fmtDuration(r.startedAt, r.finishedAt)}</td>
          <td class="num">${fmtSeconds(r.usage?.deviceSeconds)}${r.usage?.cost != null
            ? `<div class="muted">${fmtCost(r.usage.cost, r.usage.currency)}</div>` : ''}</td>
        </tr>`).join('');
    }
    updateSelection();
  }

  function renderPager(total) {
    const pages = Math.max(1, Math.ceil(total / state.size));
    const from = total ? state.page * state.size + 1 : 0;
    const to = Math.min(total, (state.page + 1) * state.size);
    pager.innerHTML = `
      <span>${fmtInt(from)}–${fmtInt(to)} of ${fmtInt(total)}</span>
      <span class="spacer"></span>
      <label>Rows <select data-size>${PAGE_SIZES.map((n) =>
        `<option${n === state.size ? ' selected' : ''}>${n}</option>`).join('')}</select></label>
      <button class="btn" data-page="0"${state.page === 0 ? ' disabled' : ''}>«</button>
      <button class="btn" data-page="${state.page - 1}"${state.page === 0 ? ' disabled' : ''}>‹ Prev</button>
      <span>Page ${fmtInt(state.page + 1)} of ${fmtInt(pages)}</span>
      <button class="btn" data-page="${state.page + 1}"${state.page >= pages - 1 ? ' disabled' : ''}>Next ›</button>
      <button class="btn" data-page="${pages - 1}"${state.page >= pages - 1 ? ' disabled' : ''}>»</button>`;
  }

  function updateSelection() {
    compareBtn.disabled = selected.size < 2;
    compareBtn.textContent = selected.size ? `Compare (${selected.size})` : 'Compare';
    const onPage = items.filter((r) => selected.has(r.id)).length;
    allBox.checked = items.length > 0 && onPage === items.length;
    allBox.indeterminate = onPage > 0 && onPage < items.length;
  }

  function setFilter(name, value) {
    state[name] = value;
    state.page = 0;
    syncUrl();
    load();
  }

  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('input', (e) => {
    const { name, value } = e.target;
    if (!FILTERS.includes(name)) return;
    clearTimeout(debounceTimer);
    if (e.target.tagName === 'SELECT') setFilter(name, value);
    else debounceTimer = setTimeout(() => setFilter(name, value.trim()), DEBOUNCE_MS);
  });

  compareBtn.addEventListener('click', () => {
    location.hash = `#/compare?ids=${[...selected].map(encodeURIComponent).join(',')}`;
  });

  allBox.addEventListener('change', () => {
    for (const r of items) {
      if (allBox.checked) selected.add(r.id);
      else selected.delete(r.id);
    }
    renderRows();
  });

  tbody.addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-id]');
    if (!row || e.target.closest('a')) return;
    if (e.target.closest('td.check')) {
      const box = row.querySelector('input');
      if (e.target !== box) {
        box.click(); // a click anywhere in the cell toggles the box
        return;
      }
      if (box.checked) selected.add(row.dataset.id);
      else selected.delete(row.dataset.id);
      row.classList.toggle('selected', box.checked);
      updateSelection();
    } else if (!getSelection().toString()) {
      location.hash = `#/runs/${encodeURIComponent(row.dataset.id)}`;
    }
  });

  pager.addEventListener('click', (e) => {
    const button = e.target.closest('[data-page]');
    if (!button || button.disabled) return;
    state.page = Number(button.dataset.page);
    syncUrl();
    load();
  });
  pager.addEventListener('change', (e) => {
    if (!e.target.matches('[data-size]')) return;
    state.size = Number(e.target.value);
    state.page = 0;
    syncUrl();
    load();
  });

  load();
  return () => {
    controller?.abort();
    clearTimeout(refreshTimer);
    clearTimeout(debounceTimer);
  };
}

// #/sweeps?page=N — sweeps newest first with their progress and best objective;
// refreshed while any on the page is still queued or running.

import { get } from '../api.js';
import { ACTIVE, esc, fmtAgo, fmtDuration, fmtInt, fmtNum, problemBox, statusChip } from '../ui.js';

const PAGE_SIZE = 50;
const REFRESH_MS = 5000;

export function mount(el, { query }) {
  const page = Math.max(0, Number(query.get('page')) || 0);
  let controller;
  let refreshTimer;

  el.innerHTML = `
    <div class="toolbar">
      <h1>Sweeps</h1>
      <span class="spacer"></span>
      <a class="btn primary" href="#/submit">New sweep</a>
    </div>
    <div data-error></div>
    <div class="table-wrap">
      <table class="grid sweeps">
        <thead><tr><th>Status</th><th>Name</th><th>Project</th><th>Method</th><th class="num">Succeeded</th>
          <th>Objective</th><th class="num">Best</th><th>Created</th><th class="num">Duration</th></tr></thead>
        <tbody></tbody>
      </table>
    </div>
    <div class="pager"></div>`;

  const tbody = el.querySelector('tbody');
  const pager = el.querySelector('.pager');
  const errorEl = el.querySelector('[data-error]');

  function render(items) {
    tbody.innerHTML = items.length ? items.map((s) => `
      <tr data-id="${esc(s.id)}">
        <td>${statusChip(s.status)}</td>
        <td class="name"><a href="#/sweeps/${encodeURIComponent(s.id)}">${esc(s.name || s.id)}</a></td>
        <td>${esc(s.project || '—')}</td>
        <td>${esc(s.method)}</td>
        <td class="num mono">${fmtInt(s.counts.succeeded)}/${fmtInt(s.counts.trials)}</td>
        <td class="mono">${esc(`${s.objective.goal} ${s.objective.metric}`)}</td>
        <td class="num mono" data-best>${s.best ? fmtNum(s.best.objective) : '—'}</td>
        <td>${fmtAgo(s.createdAt)}</td>
        <td class="num">${fmtDuration(s.startedAt, s.finishedAt)}</td>
      </tr>`).join('') : '<tr><td colspan="9" class="empty">No sweeps yet.</td></tr>';
    // The list has no total: a full page means there may be another.
    pager.innerHTML = `<span class="spacer"></span>
      ${page > 0 ? `<a class="btn" href="#/sweeps?page=${page - 1}">‹ Prev</a>` : ''}
      <span>Page ${fmtInt(page + 1)}</span>
      ${items.length === PAGE_SIZE ? `<a class="btn" href="#/sweeps?page=${page + 1}">Next ›</a>` : ''}`;
  }

  async function load() {
    controller = new AbortController();
    try {
      const items = await get('/sweeps', { page, size: PAGE_SIZE }, controller.signal);
      errorEl.replaceChildren();
      render(items);
      if (items.some((s) => ACTIVE.has(s.status))) refreshTimer = setTimeout(load, REFRESH_MS);
    } catch (e) {
      if (e.name !== 'AbortError') errorEl.innerHTML = problemBox(e);
    }
  }

  load();
  return () => {
    controller?.abort();
    clearTimeout(refreshTimer);
  };
}

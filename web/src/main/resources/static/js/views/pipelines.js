// #/pipelines?page=N — pipelines newest first, one server-side page at a time;
// refreshed while any on the page is still queued or running.

import { get } from '../api.js';
import { ACTIVE, esc, fmtAgo, fmtDuration, fmtInt, problemBox, statusChip } from '../ui.js';

const PAGE_SIZE = 50;
const REFRESH_MS = 5000;

export function mount(el, { query }) {
  const page = Math.max(0, Number(query.get('page')) || 0);
  let controller;
  let refreshTimer;

  el.innerHTML = `
    <div class="toolbar">
      <h1>Pipelines</h1>
      <span class="spacer"></span>
      <a class="btn primary" href="#/submit">New pipeline</a>
    </div>
    <div data-error></div>
    <div class="table-wrap">
      <table class="grid pipelines">
        <thead><tr><th>Status</th><th>Name</th><th>Project</th><th class="num">Stages done</th>
          <th>Created</th><th class="num">Duration</th></tr></thead>
        <tbody></tbody>
      </table>
    </div>
    <div class="pager"></div>`;

  const tbody = el.querySelector('tbody');
  const pager = el.querySelector('.pager');
  const errorEl = el.querySelector('[data-error]');

  function render(items) {
    tbody.innerHTML = items.length ? items.map((p) => `
      <tr data-id="${esc(p.id)}">
        <td>${statusChip(p.status)}</td>
        <td class="name"><a href="#/pipelines/${encodeURIComponent(p.id)}">${esc(p.name || p.id)}</a></td>
        <td>${esc(p.project || '—')}</td>
        <td class="num mono" data-stages>${fmtInt(p.stagesSucceeded)}/${fmtInt(p.stagesTotal)}</td>
        <td>${fmtAgo(p.createdAt)}</td>
        <td class="num">${fmtDuration(p.startedAt, p.finishedAt)}</td>
      </tr>`).join('') : '<tr><td colspan="6" class="empty">No pipelines yet.</td></tr>';
    // The list has no total: a full page means there may be another.
    pager.innerHTML = `<span class="spacer"></span>
      ${page > 0 ? `<a class="btn" href="#/pipelines?page=${page - 1}">‹ Prev</a>` : ''}
      <span>Page ${fmtInt(page + 1)}</span>
      ${items.length === PAGE_SIZE ? `<a class="btn" href="#/pipelines?page=${page + 1}">Next ›</a>` : ''}`;
  }

  async function load() {
    controller = new AbortController();
    try {
      const items = await get('/pipelines', { page, size: PAGE_SIZE }, controller.signal);
      errorEl.replaceChildren();
      render(items);
      if (items.some((p) => ACTIVE.has(p.status))) refreshTimer = setTimeout(load, REFRESH_MS);
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

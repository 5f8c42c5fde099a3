// A list view of one server-side page at a time, newest first (#/<route>?page=N), refreshed
// while any item on the page is still queued or running. The views give the columns.

import { get } from './api.js';
import { ACTIVE, fmtInt, problemBox } from './ui.js';

const PAGE_SIZE = 50;
const REFRESH_MS = 5000;

/**
 * @param route     the hash route and API path, e.g. 'pipelines'
 * @param head      the table's header cells
 * @param row       item → its <tr> (with data-id)
 * @param columns   how many cells a row has (for the empty row)
 */
export function mountPagedList(el, { query, route, title, newLabel, head, row, columns, empty }) {
  const page = Math.max(0, Number(query.get('page')) || 0);
  let controller;
  let refreshTimer;

  el.innerHTML = `
    <div class="toolbar">
      <h1>${title}</h1>
      <span class="spacer"></span>
      <a class="btn primary" href="#/submit">${newLabel}</a>
    </div>
    <div data-error></div>
    <div class="table-wrap">
      <table class="grid ${route}">
        <thead><tr>${head}</tr></thead>
        <tbody></tbody>
      </table>
    </div>
    <div class="pager"></div>`;

  const tbody = el.querySelector('tbody');
  const pager = el.querySelector('.pager');
  const errorEl = el.querySelector('[data-error]');

  function render(items) {
    tbody.innerHTML = items.length ? items.map(row).join('')
      : `<tr><td colspan="${columns}" class="empty">${empty}</td></tr>`;
    // The list has no total: a full page means there may be another.
    pager.innerHTML = `<span class="spacer"></span>
      ${page > 0 ? `<a class="btn" href="#/${route}?page=${page - 1}">‹ Prev</a>` : ''}
      <span>Page ${fmtInt(page + 1)}</span>
      ${items.length === PAGE_SIZE ? `<a class="btn" href="#/${route}?page=${page + 1}">Next ›</a>` : ''}`;
  }

  async function load() {
    controller = new AbortController();
    try {
      const items = await get(`/${route}`, { page, size: PAGE_SIZE }, controller.signal);
      errorEl.replaceChildren();
      render(items);
      if (items.some((item) => ACTIVE.has(item.status))) refreshTimer = setTimeout(load, REFRESH_MS);
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

// #/models?q=&page=N — registered models newest first, each with its latest version and aliases.

import { get } from '../api.js';
import { esc, fmtAgo, fmtInt, problemBox } from '../ui.js';

const PAGE_SIZE = 50;

/** One chip per alias, "champion → v3", linking to the model's page. */
export const aliasChips = (name, aliases) => aliases.map((a) =>
  `<a class="chip chip-alias" href="#/models/${encodeURIComponent(name)}" data-alias="${esc(a.alias)}">`
  + `@${esc(a.alias)} → v${esc(a.version)}</a>`).join(' ');

export function mount(el, { query }) {
  const page = Math.max(0, Number(query.get('page')) || 0);
  const q = query.get('q') || '';
  let controller;

  el.innerHTML = `
    <form class="toolbar" autocomplete="off">
      <h1>Models</h1>
      <input type="search" name="q" placeholder="Search name…" value="${esc(q)}">
      <span class="spacer"></span>
      <span class="hint">register with <code>./pedigree register NAME ARTIFACT_ID</code></span>
    </form>
    <div data-error></div>
    <div class="table-wrap">
      <table class="grid models">
        <thead><tr><th>Name</th><th>Project</th><th class="num">Latest</th><th>Aliases</th><th>Description</th>
          <th>Updated</th></tr></thead>
        <tbody><tr><td colspan="6" class="muted">Loading…</td></tr></tbody>
      </table>
    </div>
    <div class="pager"></div>`;

  const tbody = el.querySelector('tbody');
  const pager = el.querySelector('.pager');
  const errorEl = el.querySelector('[data-error]');
  el.querySelector('form').addEventListener('submit', (e) => {
    e.preventDefault();
    const search = new FormData(e.target).get('q').trim();
    location.hash = `#/models${search ? `?q=${encodeURIComponent(search)}` : ''}`;
  });

  function render({ items, total }) {
    tbody.innerHTML = items.length ? items.map((m) => `
      <tr data-model="${esc(m.name)}">
        <td class="name"><a href="#/models/${encodeURIComponent(m.name)}">${esc(m.name)}</a></td>
        <td>${esc(m.project)}</td>
        <td class="num mono">${m.latestVersion ? `v${esc(m.latestVersion.version)}` : '—'}</td>
        <td>${aliasChips(m.name, m.aliases) || '—'}</td>
        <td class="muted">${esc(m.description || '')}</td>
        <td>${fmtAgo(m.updatedAt)}</td>
      </tr>`).join('') : `<tr><td colspan="6" class="empty">${q ? 'No model matches.'
      : 'No registered models yet.'}</td></tr>`;
    const link = (p) => `#/models?${new URLSearchParams({ ...(q ? { q } : {}), page: p })}`;
    pager.innerHTML = `<span>${fmtInt(total)} model(s)</span><span class="spacer"></span>
      ${page > 0 ? `<a class="btn" href="${link(page - 1)}">‹ Prev</a>` : ''}
      <span>Page ${fmtInt(page + 1)}</span>
      ${(page + 1) * PAGE_SIZE < total ? `<a class="btn" href="${link(page + 1)}">Next ›</a>` : ''}`;
  }

  (async () => {
    controller = new AbortController();
    try {
      render(await get('/models', { q, page, size: PAGE_SIZE }, controller.signal));
    } catch (e) {
      if (e.name !== 'AbortError') errorEl.innerHTML = problemBox(e);
    }
  })();
  return () => controller?.abort();
}

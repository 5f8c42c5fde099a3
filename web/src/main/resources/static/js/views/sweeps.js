// #/sweeps?page=N — sweeps newest first with their progress and best objective;
// refreshed while any on the page is still queued or running.

import { mountPagedList } from '../paged-list.js';
import { esc, fmtAgo, fmtDuration, fmtInt, fmtNum, statusChip } from '../ui.js';

export function mount(el, { query }) {
  return mountPagedList(el, {
    query,
    route: 'sweeps',
    title: 'Sweeps',
    newLabel: 'New sweep',
    head: `<th>Status</th><th>Name</th><th>Project</th><th>Method</th><th class="num">Succeeded</th>
      <th>Objective</th><th class="num">Best</th><th>Created</th><th class="num">Duration</th>`,
    columns: 9,
    empty: 'No sweeps yet.',
    row: (s) => `
      <tr data-id="${esc(s.id)}">
        <td>${statusChip(s.status)}</td>
        <td class="name"><a href="#/sweeps/${encodeURIComponent(s.id)}">${esc(s.name || s.id)}</a></td>
        <td>${esc(s.project || '—')}</td>
        <td>${esc(s.method)}</td>
        <td class="num mono" data-succeeded>${fmtInt(s.counts.succeeded)}/${fmtInt(s.counts.trials)}</td>
        <td class="mono">${esc(`${s.objective.goal} ${s.objective.metric}`)}</td>
        <td class="num mono" data-best>${s.best ? fmtNum(s.best.objective) : '—'}</td>
        <td>${fmtAgo(s.createdAt)}</td>
        <td class="num">${fmtDuration(s.startedAt, s.finishedAt)}</td>
      </tr>`,
  });
}

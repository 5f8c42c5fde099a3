// #/pipelines?page=N — pipelines newest first, one server-side page at a time;
// refreshed while any on the page is still queued or running.

import { mountPagedList } from '../paged-list.js';
import { esc, fmtAgo, fmtDuration, fmtInt, statusChip } from '../ui.js';

export function mount(el, { query }) {
  return mountPagedList(el, {
    query,
    route: 'pipelines',
    title: 'Pipelines',
    newLabel: 'New pipeline',
    head: `<th>Status</th><th>Name</th><th>Project</th><th class="num">Stages done</th>
      <th>Created</th><th class="num">Duration</th>`,
    columns: 6,
    empty: 'No pipelines yet.',
    row: (p) => `
      <tr data-id="${esc(p.id)}">
        <td>${statusChip(p.status)}${p.waitingGates ? ` <span class="chip chip-waiting" data-waiting
          title="waiting for a decision">${esc(`waits at ${p.waitingGates.join(', ')}`)}</span>` : ''}</td>
        <td class="name"><a href="#/pipelines/${encodeURIComponent(p.id)}">${esc(p.name || p.id)}</a></td>
        <td>${esc(p.project || '—')}</td>
        <td class="num mono" data-stages>${fmtInt(p.stagesSucceeded)}/${fmtInt(p.stagesTotal)}</td>
        <td>${fmtAgo(p.createdAt)}</td>
        <td class="num">${fmtDuration(p.startedAt, p.finishedAt)}</td>
      </tr>`,
  });
}

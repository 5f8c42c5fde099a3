// #/models/{name} — a registered model: its tags, its versions (stage, tags, artifact, producing run, lineage,
// download), its aliases and every move of each alias, and every stage transition of each version. Under each version
// a folded row edits its tags, its stage and the aliases pointing at it; the model's tags are edited in its head, and
// each alias is removed above its history. After each write the page reads the model again.

import { get } from '../api.js';
import {
  aliasForm, aliasOptions, aliasRemoveForm, formSelector, onRegistryWrites, stageForm, tagForm,
} from '../registry-forms.js';
import { copyButton, esc, fmtAgo, fmtBytes, fmtTime, problemBox, statusChip } from '../ui.js';
import { aliasChips } from './models.js';

const modelPath = (name) => `/models/${encodeURIComponent(name)}`;

/** One chip per tag, "key=value"; a long value is cut short, whole in the tooltip. */
const tagChips = (tags) => Object.entries(tags).map(([key, value]) =>
  `<span class="chip chip-tag" data-tag="${esc(key)}" title="${esc(key)}=${esc(value)}">`
  + `${esc(key)}=${esc(value.length > 40 ? `${value.slice(0, 40)}…` : value)}</span>`).join(' ');

const stageChip = (stage) => (stage === 'None' ? '' : ` <span class="chip chip-stage" data-stage>${esc(stage)}</span>`);

const shaPrefix = (sha) => `<span class="mono" title="${esc(sha)}">${esc(sha.slice(0, 12))}…</span>`;

const editRow = (v, open) => `<tr class="version-edit" data-edit-version="${esc(v.version)}"><td colspan="8">
    <details${open ? ' open' : ''}><summary>Edit v${esc(v.version)}: tags, stage, aliases</summary>
      <div class="edit-forms">${tagForm(v.tags, v.version)}${stageForm(v)}${aliasForm(v)}</div>
    </details></td></tr>`;

/** @param opened the versions whose edit row is unfolded */
function versionsHtml(versions, opened) {
  if (!versions.length) return '<div class="muted">No versions yet.</div>';
  return `<div class="scroll-x"><table class="grid compact versions">
    <thead><tr><th>Version</th><th>Aliases</th><th>Tags</th><th>SHA-256</th><th class="num">Size</th><th>Produced by</th>
      <th>Registered</th><th></th></tr></thead>
    <tbody>${versions.map((v) => `<tr data-version="${esc(v.version)}">
      <td class="mono">v${esc(v.version)}${stageChip(v.stage)}</td>
      <td>${v.aliases.map((a) => `<span class="chip chip-alias">@${esc(a)}</span>`).join(' ') || '—'}</td>
      <td>${tagChips(v.tags) || '—'}</td>
      <td class="sha">${shaPrefix(v.artifact.sha256)} ${copyButton(v.artifact.sha256)}</td>
      <td class="num">${fmtBytes(v.artifact.bytes)}</td>
      <td>${v.run ? `<a href="#/runs/${encodeURIComponent(v.run.id)}" data-run>${esc(v.run.name)}</a>
        ${statusChip(v.run.status)}` : '—'}</td>
      <td title="${esc(fmtTime(v.createdAt))}">${fmtAgo(v.createdAt)} by ${esc(v.createdBy)}</td>
      <td><a href="#/lineage/${encodeURIComponent(v.artifact.id)}" data-lineage>Lineage</a>${v.artifact.contentUrl
        ? ` · <a href="${esc(v.artifact.contentUrl)}" download data-download>Download</a>` : ''}</td>
    </tr>${editRow(v, opened.has(String(v.version)))}`).join('')}</tbody></table></div>`;
}

const versionText = (n) => (n == null ? '—' : `v${esc(n)}`);

/** @param named whether the model has the alias now, rather than only its history */
function historyHtml(alias, moves, named) {
  return `<h3>@${esc(alias)}</h3>${named ? aliasRemoveForm(alias) : ''}
  <table class="grid compact alias-history" data-history="${esc(alias)}">
    <thead><tr><th>When</th><th>Who</th><th>From</th><th>To</th></tr></thead>
    <tbody>${moves.map((m) => `<tr>
      <td>${fmtTime(m.movedAt)}</td><td>${esc(m.movedBy)}</td>
      <td class="mono">${versionText(m.fromVersion)}</td>
      <td class="mono">${m.toVersion == null ? 'deleted' : versionText(m.toVersion)}</td></tr>`).join('')}</tbody>
  </table>`;
}

/** One table per version that ever left stage None, newest version first; each table oldest transition first. */
function stageHistoryHtml(transitions) {
  if (!transitions.length) {
    return '<div class="muted">No stage transitions yet: a version\'s Edit row, or <code>./pedigree stage NAME VERSION'
      + ' STAGE</code>, moves it.</div>';
  }
  const versions = [...new Set(transitions.map((t) => t.version))].sort((a, b) => b - a);
  return versions.map((version) => `<h3>v${esc(version)}</h3>
    <table class="grid compact stage-history" data-stage-history="${esc(version)}">
    <thead><tr><th>When</th><th>Who</th><th>From</th><th>To</th></tr></thead>
    <tbody>${transitions.filter((t) => t.version === version).map((t) => `<tr>
      <td>${fmtTime(t.transitionedAt)}</td><td>${esc(t.transitionedBy)}</td>
      <td>${esc(t.fromStage)}</td><td>${esc(t.toStage)}</td></tr>`).join('')}</tbody>
  </table>`).join('');
}

function headHtml(model) {
  return `<div class="run-head">
      <div class="title"><h1>${esc(model.name)}</h1>${aliasChips(model.name, model.aliases)}</div>
      <dl class="meta">
        <div><dt>Project</dt><dd>${esc(model.project)}</dd></div>
        <div><dt>Latest</dt><dd class="mono">${versionText(model.latestVersion?.version)}</dd></div>
        <div><dt>Use in a spec</dt><dd class="mono">models:/${esc(model.name)}@latest
          ${copyButton(`models:/${model.name}@latest`)}</dd></div>
        <div><dt>Created</dt><dd>${fmtAgo(model.createdAt)} by ${esc(model.createdBy)}</dd></div>
        ${model.description ? `<div class="wide"><dt>Description</dt><dd>${esc(model.description)}</dd></div>` : ''}
        <div class="wide tags"><dt>Tags</dt><dd><div data-model-tags>${tagChips(model.tags) || '—'}</div>
          ${tagForm(model.tags)}</dd></div>
      </dl>
    </div>${aliasOptions(model.aliases)}`;
}

export function mount(el, { params: [name] }) {
  const controller = new AbortController();
  const opened = new Set(); // versions whose edit row is unfolded, kept across redraws
  const removed = new Set(); // aliases removed on this page: the model no longer lists them, but their history stays
  let loads = 0; // only the latest read renders

  el.innerHTML = `
    <div class="crumbs"><a href="#/models">Models</a> / <span class="mono">${esc(name)}</span></div>
    <div data-head><div class="muted">Loading…</div></div>
    <div data-body hidden>
      <section><h2>Versions</h2><div data-versions></div></section>
      <section><h2>Alias history</h2><div data-history-list></div></section>
      <section><h2>Stage history</h2><div data-stage-history-list></div></section>
    </div>`;

  const head = el.querySelector('[data-head]');

  /** @param focus a selector of the form to give the focus back to once redrawn */
  async function load(focus) {
    const current = ++loads;
    try {
      const [model, versions] = await Promise.all([
        get(modelPath(name), {}, controller.signal),
        get(`${modelPath(name)}/versions`, {}, controller.signal),
      ]);
      if (current !== loads) return;
      document.title = `${model.name} · Pedigree`;
      head.innerHTML = headHtml(model);
      el.querySelector('[data-versions]').innerHTML = versionsHtml(versions, opened);
      el.querySelector('[data-body]').hidden = false;
      if (focus) el.querySelector(focus)?.querySelector('input, select')?.focus();
      const named = new Set(model.aliases.map((a) => a.alias));
      const aliases = [...named, ...[...removed].filter((alias) => !named.has(alias))];
      const [histories, transitions] = await Promise.all([
        Promise.all(aliases.map((alias) =>
          get(`${modelPath(name)}/aliases/${encodeURIComponent(alias)}/history`, {}, controller.signal))),
        get(`${modelPath(name)}/stage-history`, {}, controller.signal),
      ]);
      if (current !== loads) return;
      el.querySelector('[data-stage-history-list]').innerHTML = stageHistoryHtml(transitions);
      el.querySelector('[data-history-list]').innerHTML = aliases.length
        ? aliases.map((alias, i) => historyHtml(alias, histories[i], named.has(alias))).join('')
        : '<div class="muted">No aliases yet: a version\'s Edit row, or <code>./pedigree alias NAME ALIAS VERSION</code>,'
          + ' points one at it.</div>';
    } catch (e) {
      if (e.name !== 'AbortError' && current === loads) head.innerHTML = problemBox(e);
    }
  }

  // toggle does not bubble: listen while it goes down
  el.addEventListener('toggle', (e) => {
    const version = e.target.closest?.('[data-edit-version]')?.dataset.editVersion;
    if (!version) return;
    if (e.target.open) opened.add(version);
    else opened.delete(version);
  }, true);
  onRegistryWrites(el, name, (form) => {
    if (form.dataset.write === 'unalias') removed.add(form.dataset.alias);
    return load(formSelector(form));
  });
  load();
  return () => controller.abort();
}

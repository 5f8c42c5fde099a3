// The model page's write forms: a tag of the model or of a version, a version's stage, an alias pointed at a version,
// an alias removed. A form says what it writes in data-write (and which version in data-for-version); a removal that
// asks first says what in data-confirm. A refused write shows the problem under its form and marks the fields it
// names; the page is re-read only after a write succeeded.

import { del, post, put } from './api.js';
import { esc, formError, showRefusal } from './ui.js';

const STAGES = ['None', 'Staging', 'Production', 'Archived'];
/** The stages whose other versions a transition may archive (the API refuses archiveExisting for the others). */
const ARCHIVING = new Set(['Staging', 'Production']);

const forVersion = (version) => (version == null ? '' : ` data-for-version="${esc(version)}"`);

/**
 * Key and value: Enter sets the tag (a new key, or a new value for a key it has), Remove deletes the key's tag.
 * Picking a key the tags have fills in its value.
 */
export function tagForm(tags, version) {
  const keys = `tag-keys-${version ?? 'model'}`;
  return `<form class="inline-form" data-write="tag"${forVersion(version)} autocomplete="off">
    <label>Tag <input name="key" required placeholder="key" aria-label="Tag key" list="${keys}"></label>
    <datalist id="${keys}">${Object.entries(tags).map(([key, value]) =>
    `<option value="${esc(key)}" data-value="${esc(value)}"></option>`).join('')}</datalist>
    <label>= <input name="value" placeholder="value" aria-label="Tag value"></label>
    <button class="btn primary">Set tag</button>
    <button type="button" class="btn danger" data-remove>Remove tag</button>
    ${formError}
  </form>`;
}

export const stageForm = (v) => `<form class="inline-form" data-write="stage"${forVersion(v.version)}>
    <label>Stage <select name="stage">${STAGES.map((stage) =>
  `<option${stage === v.stage ? ' selected' : ''}>${stage}</option>`).join('')}</select></label>
    <label><input type="checkbox" name="archiveExisting"${ARCHIVING.has(v.stage) ? '' : ' disabled'}>
      archive the others in this stage</label>
    <button class="btn primary">Move v${esc(v.version)}</button>
    ${formError}
  </form>`;

/** An alias of the model (from the list of its aliases, to move one here) or a new one. */
export const aliasForm = (v) => `<form class="inline-form" data-write="alias"${forVersion(v.version)} autocomplete="off">
    <label>Alias <input name="alias" required placeholder="champion" list="model-aliases"></label>
    <button class="btn primary">Point at v${esc(v.version)}</button>
    ${formError}
  </form>`;

/** Removes the alias from the model, once confirmed; its history stays, ending in the removal. */
export const aliasRemoveForm = (alias) => `<form class="inline-form" data-write="unalias" data-alias="${esc(alias)}"
    data-confirm="${esc(`Remove the alias @${alias}? Specs that name it will no longer resolve.`)}">
    <button type="button" class="btn danger" data-remove>Remove @${esc(alias)}</button>
    ${formError}
  </form>`;

export const aliasOptions = (aliases) => `<datalist id="model-aliases">${aliases.map((a) =>
  `<option value="${esc(a.alias)}">now v${esc(a.version)}</option>`).join('')}</datalist>`;

/** Finds the form again after the page was redrawn. */
export const formSelector = (form) => `form[data-write="${form.dataset.write}"]${form.dataset.forVersion
  ? `[data-for-version="${form.dataset.forVersion}"]` : ':not([data-for-version])'}`;

function write(name, form, removing) {
  const model = `/models/${encodeURIComponent(name)}`;
  const version = form.dataset.forVersion;
  const target = version ? `${model}/versions/${version}` : model;
  const fields = form.elements;
  switch (form.dataset.write) {
    case 'tag': {
      const path = `${target}/tags/${encodeURIComponent(fields.key.value)}`;
      return removing ? del(path) : put(path, { value: fields.value.value });
    }
    case 'stage':
      return post(`${target}/stage`, { stage: fields.stage.value, archiveExisting: fields.archiveExisting.checked });
    case 'unalias':
      return del(`${model}/aliases/${encodeURIComponent(form.dataset.alias)}`);
    default:
      return put(`${model}/aliases/${encodeURIComponent(fields.alias.value.trim())}`, { version: Number(version) });
  }
}

function setBusy(form, busy) {
  form.querySelectorAll('button').forEach((b) => { b.disabled = busy; });
}

/**
 * Sends what each write form under el asks for; after a write succeeds it awaits written(form), which re-reads the
 * model and redraws the page.
 */
export function onRegistryWrites(el, name, written) {
  async function send(form, removing) {
    form.querySelector('[data-form-error]').replaceChildren();
    setBusy(form, true);
    try {
      await write(name, form, removing);
    } catch (error) {
      showRefusal(form, error);
      setBusy(form, false);
      return;
    }
    await written(form);
  }

  el.addEventListener('submit', (e) => {
    const form = e.target.closest('form[data-write]');
    if (!form) return;
    e.preventDefault();
    send(form, false);
  });
  el.addEventListener('click', (e) => {
    const form = e.target.closest('[data-remove]')?.closest('form[data-write]');
    if (form?.reportValidity() && (!form.dataset.confirm || confirm(form.dataset.confirm))) send(form, true);
  });
  el.addEventListener('change', (e) => {
    const { form, name: field, value } = e.target;
    if (!form?.matches('form[data-write]')) return;
    if (field === 'stage') {
      form.elements.archiveExisting.disabled = !ARCHIVING.has(value);
      if (!ARCHIVING.has(value)) form.elements.archiveExisting.checked = false;
    } else if (field === 'key') {
      const known = [...e.target.list.options].find((option) => option.value === value);
      if (known) form.elements.value.value = known.dataset.value;
    }
  });
}

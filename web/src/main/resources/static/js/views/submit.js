// #/submit — a JSON editor for POST /runs, or POST /pipelines when the JSON has a `stages` array,
// or POST /sweeps when it has `parameters` and an `objective`;
// each 400 field error is shown on the line of its field (gutter mark and message beside the text)
// and listed aside.

import { ApiError, get, post } from '../api.js';
import { locatePath } from '../json-paths.js';
import { esc, problemBox } from '../ui.js';

const DRAFT_KEY = 'pedigree.draft';
const DEFAULT_EXAMPLE = {
  name: 'default',
  body: {
    name: 'my-run',
    kind: 'pretrain',
    spec: {
      model: { layers: 2, dModel: 64, heads: 4, contextLength: 64 },
      training: { steps: 300, batchSize: 16 },
    },
  },
};

/** Start and end offsets of the line holding a JSON path like "$.stages[1].spec.base" (or its nearest ancestor). */
function locate(text, field) {
  const found = locatePath(text, field);
  if (found < 0) return null;
  const end = text.indexOf('\n', found);
  return [text.lastIndexOf('\n', found) + 1, end < 0 ? text.length : end];
}

const lineOf = (text, offset) => text.slice(0, offset).split('\n').length;

const LINE_HEIGHT = 18;
const EDITOR_PADDING = 10;

export function mount(el) {
  let examples = [DEFAULT_EXAMPLE];
  let closed = false;
  const badLines = new Set();
  let annotations = []; // [{line, field, message}]

  el.innerHTML = `
    <form class="toolbar" autocomplete="off">
      <h1>Submit a run, pipeline or sweep</h1>
      <select name="example" disabled><option value="">Load example…</option></select>
      <span class="spacer"></span>
      <button type="button" class="btn" data-format>Format</button>
      <button class="btn primary" data-submit title="Ctrl+Enter">Submit</button>
    </form>
    <div class="submit-layout">
      <div class="editor"><div class="gutter" aria-hidden="true"></div>
        <textarea spellcheck="false" wrap="off" aria-label="Run, pipeline or sweep JSON"></textarea>
        <div class="annotations" aria-live="polite"></div></div>
      <aside data-errors><p class="muted">POST /api/v1/runs with
        <code>{"name", "project"?, "kind", "spec"}</code>, or a pipeline to POST /api/v1/pipelines with
        <code>{"name", "project"?, "stages": [{"name", "kind", "spec", "after"?}]}</code>, or a sweep to
        POST /api/v1/sweeps with <code>{"name", "kind", "spec", "method", "parameters", "objective"}</code>.
        Unknown spec fields are rejected.</p></aside>
    </div>`;

  const form = el.querySelector('form');
  const textarea = el.querySelector('textarea');
  const gutter = el.querySelector('.gutter');
  const annotationsEl = el.querySelector('.annotations');
  const errorsEl = el.querySelector('[data-errors]');
  const submitBtn = el.querySelector('[data-submit]');

  function renderGutter() {
    const lines = textarea.value.split('\n').length;
    gutter.innerHTML = Array.from({ length: lines },
      (_, i) => `<div${badLines.has(i + 1) ? ' class="bad"' : ''}>${i + 1}</div>`).join('');
    gutter.scrollTop = textarea.scrollTop;
    renderAnnotations();
  }

  function renderAnnotations() {
    annotationsEl.innerHTML = annotations.map((a) => `<div class="annotation" data-field="${esc(a.field)}"
        style="top:${EDITOR_PADDING + (a.line - 1) * LINE_HEIGHT - textarea.scrollTop}px">
        ${esc(a.message)}</div>`).join('');
  }

  function setText(text) {
    textarea.value = text;
    badLines.clear();
    annotations = [];
    renderGutter();
  }

  function select([start, end]) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
  }

  /** Shows a problem with its field errors; marks the lines it can find. */
  function showProblem(error) {
    const text = textarea.value;
    badLines.clear();
    annotations = [];
    const items = error.fieldErrors.map((f) => {
      const range = locate(text, f.field || '');
      if (range) {
        badLines.add(lineOf(text, range[0]));
        annotations.push({ line: lineOf(text, range[0]), field: f.field, message: f.message });
      }
      return `<li><button type="button" class="field-error" ${range ? `data-range="${range}"` : 'disabled'}>
        <code>${esc(f.field)}</code><span>${esc(f.message)}</span></button></li>`;
    });
    errorsEl.innerHTML = problemBox(error) + (items.length ? `<ul class="field-errors">${items.join('')}</ul>` : '');
    textarea.classList.add('invalid');
    renderGutter();
    const first = errorsEl.querySelector('[data-range]');
    if (first) select(first.dataset.range.split(',').map(Number));
  }

  function parse() {
    try {
      return JSON.parse(textarea.value);
    } catch (e) {
      const at = Number(/position (\d+)/.exec(e.message)?.[1] ?? -1);
      showProblem(new ApiError(400, { title: 'Not valid JSON', detail: e.message }));
      if (at >= 0) {
        badLines.add(lineOf(textarea.value, at));
        renderGutter();
        select([at, at + 1]);
      }
      return undefined;
    }
  }

  async function submit() {
    const body = parse();
    if (body === undefined) return;
    submitBtn.disabled = true;
    try {
      const collection = Array.isArray(body?.stages) ? 'pipelines'
        : body?.parameters && body?.objective ? 'sweeps' : 'runs';
      const created = await post(`/${collection}`, body);
      sessionStorage.removeItem(DRAFT_KEY);
      location.hash = `#/${collection}/${encodeURIComponent(created.id)}`;
    } catch (e) {
      showProblem(e);
    } finally {
      submitBtn.disabled = false;
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  textarea.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Tab' && !e.shiftKey) {
      e.preventDefault();
      textarea.setRangeText('  ', textarea.selectionStart, textarea.selectionEnd, 'end');
      renderGutter();
    }
  });
  textarea.addEventListener('input', () => {
    sessionStorage.setItem(DRAFT_KEY, textarea.value);
    textarea.classList.remove('invalid');
    badLines.clear();
    annotations = [];
    renderGutter();
  });
  textarea.addEventListener('scroll', () => {
    gutter.scrollTop = textarea.scrollTop;
    renderAnnotations();
  });
  el.querySelector('[data-format]').addEventListener('click', () => {
    const body = parse();
    if (body !== undefined) setText(JSON.stringify(body, null, 2));
  });
  form.example.addEventListener('change', () => {
    const example = examples[Number(form.example.value)];
    if (example) setText(JSON.stringify(example.body, null, 2));
    sessionStorage.removeItem(DRAFT_KEY);
    form.example.value = '';
  });
  errorsEl.addEventListener('click', (e) => {
    const button = e.target.closest('[data-range]');
    if (button) select(button.dataset.range.split(',').map(Number));
  });

  setText(sessionStorage.getItem(DRAFT_KEY) || JSON.stringify(DEFAULT_EXAMPLE.body, null, 2));
  get('/examples').then((list) => {
    if (Array.isArray(list) && list.length) examples = list;
  }).catch(() => {
    // No examples endpoint (or it failed): the built-in default stays.
  }).finally(() => {
    if (closed) return;
    form.example.innerHTML += examples.map((x, i) => `<option value="${i}">${esc(x.name)}</option>`).join('');
    form.example.disabled = false;
    if (!sessionStorage.getItem(DRAFT_KEY)) setText(JSON.stringify(examples[0].body, null, 2));
  });

  return () => { closed = true; };
}

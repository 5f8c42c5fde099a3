// Hash router: each view module exports mount(el, {params, query}) and returns a
// cleanup function that the router calls before mounting the next view.

import { onUnauthorized, token } from './api.js';
import * as runs from './views/runs.js';
import * as run from './views/run.js';
import * as compare from './views/compare.js';
import * as submit from './views/submit.js';
import * as lineage from './views/lineage.js';
import * as pipelines from './views/pipelines.js';
import * as pipeline from './views/pipeline.js';
import * as sweeps from './views/sweeps.js';
import * as sweep from './views/sweep.js';
import * as models from './views/models.js';
import * as model from './views/model.js';
import * as scaling from './views/scaling.js';

const ROUTES = [
  { pattern: /^\/runs$/, view: runs, nav: 'runs' },
  { pattern: /^\/runs\/([^/]+)$/, view: run, nav: 'runs' },
  { pattern: /^\/compare$/, view: compare, nav: 'runs' },
  { pattern: /^\/submit$/, view: submit, nav: 'submit' },
  { pattern: /^\/lineage\/([^/]+)$/, view: lineage, nav: 'runs' },
  { pattern: /^\/pipelines$/, view: pipelines, nav: 'pipelines' },
  { pattern: /^\/pipelines\/([^/]+)$/, view: pipeline, nav: 'pipelines' },
  { pattern: /^\/sweeps$/, view: sweeps, nav: 'sweeps' },
  { pattern: /^\/sweeps\/([^/]+)$/, view: sweep, nav: 'sweeps' },
  { pattern: /^\/models$/, view: models, nav: 'models' },
  { pattern: /^\/models\/([^/]+)$/, view: model, nav: 'models' },
  { pattern: /^\/scaling$/, view: scaling, nav: 'scaling' },
];

const viewEl = document.getElementById('view');
let cleanup = () => {};

function route() {
  const [path, search = ''] = (location.hash.slice(1) || '/runs').split('?');
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  if (!match) {
    location.replace('#/runs');
    return;
  }
  cleanup();
  viewEl.replaceChildren();
  window.scrollTo(0, 0);
  for (const a of document.querySelectorAll('[data-nav]')) {
    a.classList.toggle('active', a.dataset.nav === match.r.nav);
  }
  const params = match.m.slice(1).map(decodeURIComponent);
  cleanup = match.r.view.mount(viewEl, { params, query: new URLSearchParams(search) }) || (() => {});
}

// One listener for every copy button in every view.
document.addEventListener('click', async (e) => {
  const button = e.target.closest('[data-copy]');
  if (!button) return;
  await navigator.clipboard?.writeText(button.dataset.copy);
  button.classList.add('copied');
  setTimeout(() => button.classList.remove('copied'), 1000);
});

// After a write answers 401: an inline bar under the header asks for a token.
onUnauthorized(() => new Promise((resolve) => {
  const bar = document.getElementById('auth');
  bar.innerHTML = `<form class="auth-form">
      <span>${token.get() ? 'The stored token was rejected.' : 'This action needs an API token.'}</span>
      <input type="password" name="token" placeholder="Paste bearer token" autocomplete="off" required>
      <button class="btn primary">Save &amp; retry</button>
      <button type="button" class="btn" data-dismiss>Cancel</button>
    </form>`;
  bar.hidden = false;
  const form = bar.querySelector('form');
  const finish = (ok) => { bar.hidden = true; bar.replaceChildren(); resolve(ok); };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    token.set(form.token.value.trim());
    finish(true);
  });
  form.querySelector('[data-dismiss]').addEventListener('click', () => finish(false));
  form.token.focus();
}));

window.addEventListener('hashchange', route);
route();

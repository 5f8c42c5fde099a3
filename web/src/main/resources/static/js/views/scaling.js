// #/scaling?project=&metric=&x= — the scaling law L(N, D) = E + A/N^α + B/D^β fitted to a project's succeeded
// pretrain runs (GET /scaling-law): its constants; each run's final loss against its tokens or compute, one colour per
// model size, with the law's curve at that size; the runs with their residuals; and a form that predicts a run's loss
// (POST /scaling-law/predict) from its model shape and length, or from N and D, drawn as a point on the chart. The
// project select lists the projects with succeeded pretrain runs that logged the metric (GET /scaling-law/projects),
// each with its usable runs; picking one refits.

import { get, post } from '../api.js';
import { PALETTE, join, lineChart } from '../chart.js';
import { esc, fmtInt, fmtNum, formError, problemBox, showRefusal } from '../ui.js';

const CURVE_SAMPLES = 48;
/** The curves reach this factor below the smallest and above the largest D drawn. */
const CURVE_MARGIN = 2;
/** The prediction: a black point on the law's curve at its size, in grey. */
const PREDICTED = { point: '#111827', curve: '#9ca3af' };

/** A point's x from its N and D. */
const X_AXES = {
  tokens: { key: 'tokens', label: 'tokens D', format: fmtNum, of: (n, d) => d },
  compute: { key: 'compute', label: 'compute 6ND (FLOPs)', format: fmtNum, of: (n, d) => 6 * n * d },
};

/** The predict form's fields: each names the request field its value goes to, as the API's errors name it. */
const SHAPE = [
  ['layers', 'spec.model.layers', 2], ['width', 'spec.model.dModel', 128], ['heads', 'spec.model.heads', 4],
  ['context', 'spec.model.contextLength', 64], ['steps', 'spec.training.steps', 1000],
  ['batch', 'spec.training.batchSize', 16],
];
const COUNTS = [['parameters N', 'parameters'], ['tokens D', 'tokens']];

const hashOf = (query) => `#/scaling${String(query) ? `?${query}` : ''}`;

const lossAt = (law, n, d) => law.irreducible + law.a / n ** law.alpha + law.b / d ** law.beta;

const constant = (name, value) =>
  `<span class="mono" data-constant="${name}" data-value="${value}" title="${name} = ${value}">${fmtNum(value)}</span>`;

function lawHtml(fit) {
  const { law, runs } = fit;
  const sizes = new Set(runs.map((r) => r.parameters)).size;
  return `<p class="formula" data-law>L(N, D) = ${constant('irreducible', law.irreducible)}
      + ${constant('a', law.a)} / N<sup>${constant('alpha', law.alpha)}</sup>
      + ${constant('b', law.b)} / D<sup>${constant('beta', law.beta)}</sup></p>
    <p class="hint">L is ${esc(fit.metric)} at a run's last step, N its non-embedding parameters, D the tokens it trained
      on; fitted to ${runs.length} succeeded pretrain runs at ${sizes} model sizes of
      ${fit.project ? `project <span class="mono">${esc(fit.project)}</span>` : 'every project'}. The first term is the
      loss no size or length goes below; α and β say how fast the loss falls with N and with D.</p>`;
}

/** The run's own loss less the law's value there: positive where the run did worse than the law says. */
const signed = (v) => `${v > 0 ? '+' : ''}${fmtNum(v)}`;

const runsHtml = (runs) => `<table class="grid compact scaling-runs">
    <thead><tr><th>Run</th><th class="num" title="non-embedding parameters">N</th>
      <th class="num" title="tokens trained on">D</th><th class="num">Loss</th><th class="num">Fitted</th>
      <th class="num" title="loss − fitted">Residual</th></tr></thead>
    <tbody>${runs.map((r) => `<tr data-run="${esc(r.id)}">
      <td><a href="#/runs/${encodeURIComponent(r.id)}">${esc(r.name || r.id.slice(0, 8))}</a></td>
      <td class="num mono">${fmtInt(r.parameters)}</td><td class="num mono">${fmtInt(r.tokens)}</td>
      <td class="num mono">${fmtNum(r.loss)}</td><td class="num mono">${fmtNum(r.fitted)}</td>
      <td class="num mono">${signed(r.residual)}</td>
    </tr>`).join('')}</tbody></table>`;

/**
 * Per model size its runs' points and the law's curve over D; with a prediction, its point and the law's curve at
 * its size (drawn again where a run has that size).
 */
function chartOf(fit, prediction, x) {
  const tokens = fit.runs.map((r) => r.tokens).concat(prediction ? [prediction.tokens] : []);
  const from = Math.min(...tokens) / CURVE_MARGIN;
  const to = Math.max(...tokens) * CURVE_MARGIN;
  const samples = Array.from({ length: CURVE_SAMPLES }, (_, i) => from * (to / from) ** (i / (CURVE_SAMPLES - 1)));
  const curve = (n) => [samples.map((d) => x.of(n, d)), samples.map((d) => lossAt(fit.law, n, d))];
  const sizes = [...new Set(fit.runs.map((r) => r.parameters))].sort((a, b) => a - b);
  const tables = [];
  const series = [];
  sizes.forEach((n, i) => {
    const runs = fit.runs.filter((r) => r.parameters === n).sort((a, b) => a.tokens - b.tokens);
    const color = PALETTE[i % PALETTE.length];
    tables.push([runs.map((r) => x.of(n, r.tokens)), runs.map((r) => r.loss)], curve(n));
    series.push({ label: `N = ${fmtInt(n)}`, color, style: 'points' },
      { label: `law at N = ${fmtInt(n)}`, color, style: 'curve' });
  });
  if (prediction) {
    const n = prediction.parameters;
    tables.push(curve(n), [[x.of(n, prediction.tokens)], [prediction.loss]]);
    series.push({ label: `law at N = ${fmtInt(n)}`, color: PREDICTED.curve, style: 'curve' },
      { label: 'prediction', color: PREDICTED.point, style: 'points' });
  }
  return { series, data: join(tables) };
}

/** A project's option: its usable runs, and what it lacks when they are too few to fit. */
function projectOption(p, minimum, selected) {
  const counts = `${p.runs} run(s), ${p.sizes} size(s), ${p.tokenCounts} token count(s)`;
  const label = p.fittable ? `${p.name} — ${p.runs} runs` : `${p.name} — too few to fit: ${counts}`;
  return `<option value="${esc(p.name)}" data-runs="${p.runs}" data-fittable="${p.fittable}"
    title="${esc(counts)}; a fit needs ${minimum.runs}, ${minimum.sizes} and ${minimum.tokenCounts}"${
  selected ? ' selected' : ''}>${esc(label)}</option>`;
}

/**
 * The select's options: every project, then the listed projects (none while the list loads); a project asked for
 * that has no such runs stays chosen, so the page can say why there is no law.
 */
function projectOptions(listed, chosen) {
  const options = ['<option value="">All projects</option>'];
  if (chosen && !listed?.projects.some((p) => p.name === chosen)) {
    const lacks = listed ? ` — no succeeded pretrain runs that logged ${listed.metric}` : '';
    options.push(`<option value="${esc(chosen)}" selected>${esc(chosen + lacks)}</option>`);
  }
  return options.concat((listed?.projects ?? []).map((p) => projectOption(p, listed.minimum, p.name === chosen)))
    .join('');
}

function predictionHtml(p, metric) {
  const { low, high, level, resamples } = p.interval;
  return `<p data-predicted data-loss="${p.loss}" data-low="${low}" data-high="${high}">
    ${esc(metric)} <strong>${fmtNum(p.loss)}</strong>, ${Math.round(level * 100)}% interval
    ${fmtNum(low)}–${fmtNum(high)}, for N = ${fmtInt(p.parameters)} and D = ${fmtInt(p.tokens)}
    <span class="hint">(the interval: the central ${Math.round(level * 100)}% of ${resamples} laws refitted to the runs
    resampled with replacement)</span></p>`;
}

const field = ([label, path, example]) => `<label>${esc(label)} <input type="number" name="${esc(path)}"
    data-field="${esc(path)}" min="1" step="1" required${example ? ` placeholder="${example}"` : ''}></label>`;

/** Sets the value at a dotted path, making the objects on the way. */
function setPath(target, path, value) {
  const names = path.split('.');
  const last = names.pop();
  names.reduce((at, name) => (at[name] ??= {}), target)[last] = value;
}

export function mount(el, { query }) {
  const scope = { project: query.get('project') || '', metric: query.get('metric') || '' };
  let x = Object.hasOwn(X_AXES, query.get('x')) ? X_AXES[query.get('x')] : X_AXES.tokens;
  let fit;
  let prediction;
  let chart;
  let closed = false;
  const controller = new AbortController();

  el.innerHTML = `
    <form class="toolbar" data-scope autocomplete="off">
      <h1>Scaling law</h1>
      <select name="project" aria-label="Project" data-projects>${projectOptions(null, scope.project)}</select>
      <input name="metric" placeholder="val/loss" value="${esc(scope.metric)}" aria-label="Metric">
      <button class="btn">Fit</button>
      <span class="spacer"></span>
      <label>x <select name="x">${Object.values(X_AXES).map((a) =>
  `<option value="${a.key}"${a === x ? ' selected' : ''}>${esc(a.label)}</option>`).join('')}</select></label>
    </form>
    <div data-status><div class="muted">Loading…</div></div>
    <div data-body hidden>
      <div class="run-head" data-law-box></div>
      <section>
        <h2>Final loss against <span data-x-label></span> <span class="hint">one colour per model size N: its runs as
          points, the law's curve through them; drag to zoom, double-click to reset</span></h2>
        <div class="chart-card scaling-chart"><div class="plot"></div></div>
      </section>
      <div class="columns">
        <section>
          <h2>Predict a run</h2>
          <form class="inline-form predict" data-predict autocomplete="off">
            <label>From <select name="by">
              <option value="shape">a model shape and run length</option>
              <option value="counts">parameters and tokens</option></select></label>
            <fieldset data-by="shape">${SHAPE.map(field).join('')}</fieldset>
            <fieldset data-by="counts" hidden disabled>${COUNTS.map(field).join('')}</fieldset>
            <button class="btn primary">Predict</button>
            ${formError}
          </form>
          <div data-prediction></div>
        </section>
        <section><h2>Runs <span class="hint">newest first</span></h2><div data-runs></div></section>
      </div>
    </div>`;

  const status = el.querySelector('[data-status]');
  const body = el.querySelector('[data-body]');
  const plot = el.querySelector('.scaling-chart .plot');
  const predictForm = el.querySelector('[data-predict]');

  function drawChart() {
    chart?.destroy();
    plot.replaceChildren();
    el.querySelector('[data-x-label]').textContent = x.label;
    chart = lineChart(plot, { ...chartOf(fit, prediction, x), logX: true, x, height: 380 });
    plot.closest('.chart-card').dataset.predictedPoint = prediction
      ? `${x.of(prediction.parameters, prediction.tokens)} ${prediction.loss}` : '';
  }

  function render() {
    document.title = 'Scaling law · Pedigree';
    status.replaceChildren();
    body.hidden = false;
    el.querySelector('[data-law-box]').innerHTML = lawHtml(fit);
    el.querySelector('[data-runs]').innerHTML = runsHtml(fit.runs);
    el.querySelector('[data-prediction]').innerHTML = prediction ? predictionHtml(prediction, fit.metric) : '';
    drawChart();
  }

  /** Fills the project select; when the list cannot be had, the select keeps the project asked for. */
  async function loadProjects() {
    let listed;
    try {
      listed = await get('/scaling-law/projects', { metric: scope.metric }, controller.signal);
    } catch {
      return;
    }
    if (closed) return;
    el.querySelector('[data-projects]').innerHTML = projectOptions(listed, scope.project);
  }

  async function load() {
    let latest;
    try {
      latest = await get('/scaling-law', scope, controller.signal);
    } catch (e) {
      if (closed || e.name === 'AbortError') return;
      // Too few runs (or a project or metric none has) is a 400 whose detail says what is missing: not an error.
      status.innerHTML = e.status === 400 ? `<p class="notice" data-shortfall>${esc(e.detail)}</p>` : problemBox(e);
      return;
    }
    if (closed) return;
    fit = latest;
    render();
  }

  function requestOf(form) {
    const request = {};
    if (scope.project) request.project = scope.project;
    if (scope.metric) request.metric = scope.metric;
    for (const input of form.querySelectorAll('fieldset:not([disabled]) input')) {
      setPath(request, input.dataset.field, Number(input.value));
    }
    return request;
  }

  el.querySelector('[data-scope]').addEventListener('submit', (e) => {
    e.preventDefault();
    const qs = new URLSearchParams();
    for (const name of ['project', 'metric']) {
      const value = e.target.elements[name].value.trim();
      if (value) qs.set(name, value);
    }
    if (x !== X_AXES.tokens) qs.set('x', x.key);
    const hash = hashOf(qs);
    if (location.hash === hash) load();
    else location.hash = hash;
  });

  el.querySelector('[data-projects]').addEventListener('change', (e) => e.target.form.requestSubmit());

  el.querySelector('[data-scope] [name=x]').addEventListener('change', (e) => {
    x = X_AXES[e.target.value];
    const qs = new URLSearchParams(location.hash.split('?')[1] || '');
    if (x === X_AXES.tokens) qs.delete('x');
    else qs.set('x', x.key);
    history.replaceState(null, '', hashOf(qs));
    if (fit) drawChart();
  });

  predictForm.elements.by.addEventListener('change', (e) => {
    for (const fieldset of predictForm.querySelectorAll('fieldset')) {
      const chosen = fieldset.dataset.by === e.target.value;
      fieldset.hidden = !chosen;
      fieldset.disabled = !chosen;
    }
  });

  predictForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = predictForm.querySelector('button');
    predictForm.querySelector('[data-form-error]').replaceChildren();
    predictForm.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
    button.disabled = true;
    try {
      const answer = await post('/scaling-law/predict', requestOf(predictForm));
      if (closed) return;
      prediction = answer;
      fit = answer.fit; // the law the prediction came from, which new runs may have moved since the page loaded
      render();
    } catch (error) {
      if (!closed) showRefusal(predictForm, error);
    } finally {
      button.disabled = false;
    }
  });

  loadProjects();
  load();
  return () => {
    closed = true;
    controller.abort();
    chart?.destroy();
    document.title = 'Pedigree';
  };
}

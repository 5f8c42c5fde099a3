// Parallel coordinates in plain SVG: one vertical axis per sweep parameter (log-scaled
// where the parameter's range is), the objective last, and one polyline per finished
// trial coloured from best (blue) to worst (orange) objective.

import { esc, fmtNum } from './ui.js';

const HEIGHT = 300;
const MARGIN = { top: 40, right: 70, bottom: 28, left: 70 };
const BEST = [37, 99, 235];
const WORST = [234, 88, 12];

const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

/** Maps a value to [0, 1] on an axis: numeric (linear or log) or categorical (evenly spaced, first-seen order). */
function axisScale(values, log) {
  if (values.length && values.every(isNumber)) {
    const t = log ? Math.log10 : (v) => v;
    const lo = Math.min(...values.map(t));
    const hi = Math.max(...values.map(t));
    return {
      at: (v) => (hi === lo ? 0.5 : (t(v) - lo) / (hi - lo)),
      ticks: hi === lo ? [values[0]] : [log ? 10 ** lo : lo, log ? 10 ** ((lo + hi) / 2) : (lo + hi) / 2,
        log ? 10 ** hi : hi],
    };
  }
  const keys = [...new Set(values.map((v) => JSON.stringify(v)))];
  return {
    at: (v) => (keys.length === 1 ? 0.5 : keys.indexOf(JSON.stringify(v)) / (keys.length - 1)),
    ticks: keys.map((k) => JSON.parse(k)),
  };
}

const label = (v) => (isNumber(v) ? fmtNum(v) : typeof v === 'string' ? v : JSON.stringify(v));

function colour(t) {
  const rgb = BEST.map((c, i) => Math.round(c + (WORST[i] - c) * t));
  return `rgb(${rgb.join(',')})`;
}

/**
 * Draws the sweep into `svg`, replacing what was there.
 * @param sweep GET /sweeps/{id}: parameters [{path, scale}], objective {metric, goal}, trials, best
 */
export function drawParallelCoordinates(svg, sweep) {
  const finished = sweep.trials.filter((t) => !['PENDING', 'QUEUED', 'RUNNING'].includes(t.status)
    && isNumber(t.objective));
  const width = Math.max(480, svg.parentElement.clientWidth || 0);
  const axes = [
    ...sweep.parameters.map((p) => ({
      name: p.path,
      value: (t) => t.params[p.path],
      // Every trial's values, drawn or not, so the axes stay put while trials finish (a tpe trial that tpe has
      // not chosen yet has none).
      scale: axisScale(sweep.trials.map((t) => t.params[p.path]).filter((v) => v !== undefined),
        p.scale === 'log'),
      log: p.scale === 'log',
    })),
    {
      name: `${sweep.objective.metric} (${sweep.objective.goal})`,
      value: (t) => t.objective,
      scale: axisScale(finished.map((t) => t.objective), false),
      objective: true,
    },
  ];
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i) => MARGIN.left + (axes.length === 1 ? innerW / 2 : (i * innerW) / (axes.length - 1));
  const y = (axis, v) => MARGIN.top + (1 - axis.scale.at(v)) * innerH;

  const objectives = finished.map((t) => t.objective);
  const [lo, hi] = [Math.min(...objectives), Math.max(...objectives)];
  const badness = (v) => {
    if (hi === lo) return 0;
    const t = (v - lo) / (hi - lo);
    return sweep.objective.goal === 'minimize' ? t : 1 - t;
  };

  // The outer axes' names grow inwards and the last axis' ticks sit right of it, so nothing leaves the chart.
  const last = axes.length - 1;
  const nameAnchor = (i) => (i === 0 && last > 0 ? 'start' : i === last && last > 0 ? 'end' : 'middle');
  const nameX = (i) => x(i) + (nameAnchor(i) === 'start' ? -MARGIN.left / 2 : nameAnchor(i) === 'end' ? MARGIN.right / 2 : 0);
  const axisSvg = axes.map((axis, i) => `<g class="axis${axis.objective ? ' objective' : ''}"
      data-axis="${esc(axis.name)}"${axis.log ? ' data-log="true"' : ''}>
      <line x1="${x(i)}" x2="${x(i)}" y1="${MARGIN.top}" y2="${MARGIN.top + innerH}"></line>
      <text class="axis-name" text-anchor="${nameAnchor(i)}" x="${nameX(i)}" y="${MARGIN.top - 16}">${esc(axis.name)}${
        axis.log ? ' (log)' : ''}</text>
      ${axis.scale.ticks.map((v) => `<text class="tick" text-anchor="${i === last ? 'start' : 'end'}"
        x="${x(i) + (i === last ? 6 : -6)}" y="${y(axis, v) + 4}">${esc(label(v))}</text>`).join('')}
    </g>`).join('');
  const best = sweep.best?.trial;
  const lines = finished
    .sort((a, b) => (a.trial === best) - (b.trial === best)) // the best one on top
    .map((t) => {
      const points = axes.map((axis, i) => `${x(i).toFixed(1)},${y(axis, axis.value(t)).toFixed(1)}`).join(' ');
      const params = sweep.parameters.map((p) => `${p.path} = ${label(t.params[p.path])}`).join('\n');
      return `<polyline class="trial${t.trial === best ? ' best' : ''}" data-trial="${t.trial}" points="${points}"
          stroke="${colour(badness(t.objective))}"><title>${esc(`trial ${t.trial}${t.trial === best ? ' (best)' : ''}
${params}\n${sweep.objective.metric} = ${label(t.objective)}`)}</title></polyline>`;
    }).join('');

  svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
  svg.setAttribute('width', width);
  svg.setAttribute('height', HEIGHT);
  svg.innerHTML = `${lines}${axisSvg}${finished.length ? ''
    : `<text class="empty" x="${width / 2}" y="${HEIGHT / 2}">No trial has finished yet.</text>`}`;
}

// uPlot line charts with step (or another metric, see x-axis.js) on x. Drag selects an x range to zoom
// (double-click resets); the chart follows its container's width.

import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { esc, fmtInt, fmtNum } from './ui.js';

export const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed',
  '#db2777', '#0891b2', '#65a30d', '#4b5563', '#ea580c'];

export const join = (tables) => uPlot.join(tables);

/** The worker's device-seconds curve (MetricKeys.DEVICE_SECONDS): what a run has cost so far. */
export const DEVICE_SECONDS = 'sys/device_seconds';

/** The time axes: x from each point's wall time (the third element of points read with times=true). */
export const RELATIVE_TIME = '@relative-time';
export const WALL_TIME = '@wall-time';

/** Seconds as "45 s", "2.5 min" or "1.2 h". */
const fmtDeviceTime = (s) => (s == null ? '—'
  : Math.abs(s) < 60 ? `${fmtNum(s)} s` : Math.abs(s) < 3600 ? `${fmtNum(s / 60)} min` : `${fmtNum(s / 3600)} h`);

/** Tick spacings in seconds that read as round seconds, minutes and hours. */
const TIME_INCRS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
  3600, 7200, 10800, 21600, 43200, 86400, 172800, 432000, 864000];

/** Epoch seconds as a local date-time. */
const fmtWallTime = (s) => (s == null ? '—' : new Date(s * 1000).toLocaleString());

/**
 * What an x-axis choice is called, how its values read and (for time) its tick spacings: null or 'step' is the step.
 * `time` marks the time axes: 'relative' (seconds since the run's first point) or 'wall' (epoch seconds, which uPlot's
 * time scale ticks as local date-times).
 */
export function xAxis(key) {
  if (!key || key === 'step') return { key: 'step', label: 'step', format: fmtInt };
  if (key === DEVICE_SECONDS) return { key, label: 'device time', format: fmtDeviceTime, incrs: TIME_INCRS };
  if (key === RELATIVE_TIME) {
    return { key, label: 'relative time', format: fmtDeviceTime, incrs: TIME_INCRS, time: 'relative' };
  }
  if (key === WALL_TIME) return { key, label: 'wall time', format: fmtWallTime, time: 'wall' };
  return { key, label: key, format: fmtNum };
}

/** The <option>s of an x-axis selector: step, the time axes, device time when logged, then every other metric key. */
export function xAxisOptions(keys, selected) {
  const choices = ['step', RELATIVE_TIME, WALL_TIME, ...keys.filter((k) => k === DEVICE_SECONDS),
    ...keys.filter((k) => k !== DEVICE_SECONDS)];
  return choices.map((k) => `<option value="${esc(k)}"${k === xAxis(selected).key ? ' selected' : ''}>${
    esc(xAxis(k).label)}</option>`).join('');
}

const AXIS = { stroke: '#6b7280', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#e5e7eb', width: 1 } };

/** Sizes the y axis to its widest tick label, so labels like "8.5e-4" are never clipped. */
function ySize(u, values, axisIdx) {
  const axis = u.axes[axisIdx];
  const widest = (values || []).reduce((a, v) => (v.length > a.length ? v : a), '');
  u.ctx.font = axis.font[0];
  return Math.ceil(axis.ticks.size + axis.gap + 4 + u.ctx.measureText(widest).width / devicePixelRatio);
}

/**
 * Points [[step, value], ...] → uPlot columns [steps, values]. A diverged value arrives as the string "NaN",
 * "Infinity" or "-Infinity" (JSON has no such numbers) and becomes a gap.
 */
export function columns(points) {
  const xs = new Array(points.length);
  const ys = new Array(points.length);
  points.forEach(([x, y], i) => { xs[i] = x; ys[i] = typeof y === 'number' ? y : null; });
  return [xs, ys];
}

/** On a log axis non-positive values cannot be drawn; they become gaps (missing values stay spanned). */
const forLog = (data) => [data[0], ...data.slice(1).map((ys) => ys.map((y) => (y == null || y > 0 ? y : null)))];

/**
 * @param el       container element
 * @param series   [{label, color, style}]: style 'points' draws markers only, 'curve' a line without markers,
 *                 none a line with markers where they fit
 * @param data     uPlot columns [xs, ys1, ys2, ...]
 * @param logX     log-scale x axis (every x must be positive)
 * @param logY     log-scale y axis
 * @param x        the x axis, from xAxis(key)
 * @param zoom     [fromX, toX] to show at first (a zoom kept across a rebuild), else the whole x range
 * @param onZoom   (fromX, toX) after the user selects an x range
 * @param onUnzoom () after a double-click shows the whole x range again
 */
export function lineChart(el, {
  series, data, logX = false, logY = false, x = xAxis('step'), zoom, onZoom, onUnzoom, height = 220,
}) {
  const prepare = (d) => (logY ? forLog(d) : d);
  el.dataset.xAxis = x.label;
  const plot = new uPlot({
    width: Math.max(200, el.clientWidth),
    height,
    scales: { x: { time: x.time === 'wall', distr: logX ? 3 : 1 }, y: { distr: logY ? 3 : 1 } },
    axes: [
      {
        ...AXIS, ...(x.key !== 'step' && { label: x.label }), ...(x.incrs && { incrs: x.incrs }),
        ...(x.time !== 'wall' && { values: (u, vals) => vals.map((v) => (v == null ? '' : x.format(v))) }),
      },
      // Log axes pass null for ticks whose label they skip.
      { ...AXIS, size: ySize, values: (u, vals) => vals.map((v) => (v == null ? '' : fmtNum(v))) },
    ],
    series: [
      { label: x.label, value: (u, v) => x.format(v) },
      ...series.map((s) => ({
        label: s.label, stroke: s.color, width: 1.5, spanGaps: true, value: (u, v) => fmtNum(v),
        ...(s.style === 'points' && { paths: () => null, points: { show: true, size: 8, fill: s.color } }),
        ...(s.style === 'curve' && { points: { show: false } }),
      })),
    ],
    cursor: { drag: { x: true, y: false }, points: { size: 6 } },
    hooks: {
      setSelect: [(u) => {
        if (u.select.width > 0 && onZoom) {
          onZoom(u.posToVal(u.select.left, 'x'), u.posToVal(u.select.left + u.select.width, 'x'));
        }
      }],
    },
  }, prepare(data), el);
  if (zoom) plot.setScale('x', { min: zoom[0], max: zoom[1] });
  if (onUnzoom) plot.over.addEventListener('dblclick', onUnzoom); // after uPlot's own, which rescales

  const resize = new ResizeObserver(() => {
    const width = Math.max(200, el.clientWidth);
    if (width !== plot.width) plot.setSize({ width, height });
  });
  resize.observe(el);

  return {
    /** Replaces the data; keeps the user's zoom if the x axis is zoomed in. */
    setData(next) {
      const xs = plot.data[0];
      const { min, max } = plot.scales.x;
      const zoomed = xs.length > 0 && (min > xs[0] || max < xs[xs.length - 1]);
      plot.setData(prepare(next), !zoomed);
      if (zoomed) plot.setScale('x', { min, max }); // re-derives the visible window and the y range
    },
    destroy() {
      resize.disconnect();
      plot.destroy();
    },
  };
}

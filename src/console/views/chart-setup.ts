/**
 * Charts: Chart.js (served from node_modules at CHART_JS_PATH) draws each
 * `<canvas data-chart="ID">` from the JSON in `<script type="application/json" id="ID">`. The
 * JSON block is data, not script, so the CSP stays `script-src 'self'`; each chart also has a
 * table of the same figures, for screen readers and for browsers without JavaScript.
 */
import { html, SafeHtml } from '../../html/html';

export const CHART_JS_PATH = '/console/assets/chart.umd.min.js';
export const CHART_SETUP_PATH = '/console/assets/charts.js';
export const CHART_SCRIPTS = [CHART_JS_PATH, CHART_SETUP_PATH];

export const CHART_SETUP_JS = `'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var palette = ['#1f4f8f', '#1e6b41', '#9b1c1c', '#7a4fa0', '#b35c00'];
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    spec.datasets.forEach(function (dataset, index) {
      dataset.backgroundColor = palette[index % palette.length];
      dataset.borderColor = palette[index % palette.length];
    });
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true }
} },
    });
  });
});
`;

export interface ChartSpec {
  type: 'bar' | 'line';
  labels: string[];
  datasets: { label: string; data: number[] }[];
  stacked?: boolean;
}

/** JSON inside a script element: `<` is escaped so no value can close the element. */
function scriptJson(value: unknown): SafeHtml {
  return new SafeHtml(JSON.stringify(value).replace(/</g, '\\u003c'));
}

export function chart(id: string, label: string, spec: ChartSpec): SafeHtml {
  return html`<div class="chart-box"><canvas data-chart="${id}-data" id="${id}" role="img"
 aria-label="${label}"></canvas></div>
<script type="application/json" id="${id}-data">${scriptJson(spec)}</script>`;
}

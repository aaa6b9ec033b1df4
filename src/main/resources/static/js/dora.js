// Draws each DORA metric's weekly trend: the series is in the canvas's data-series attribute (JSON), written by the
// server, so the page needs no inline script. Chart.js is loaded by the layout (assets='chart').
(function () {
  'use strict';

  function draw(canvas) {
    var series = JSON.parse(canvas.getAttribute('data-series'));
    var colour = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || '#0b5cad';
    return new Chart(canvas, {
      type: series.kind === 'bar' ? 'bar' : 'line',
      data: {
        labels: series.labels,
        datasets: [{
          label: series.label,
          data: series.values,
          borderColor: colour,
          backgroundColor: series.kind === 'bar' ? colour : 'transparent',
          pointRadius: 3,
          spanGaps: true
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true }, x: { ticks: { maxRotation: 0, autoSkip: true } } }
      }
    });
  }

  function start() {
    document.querySelectorAll('canvas[data-dora-chart]').forEach(draw);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());

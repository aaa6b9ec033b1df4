// The release page: its process diagram with the steps marked (bpmn-js viewer), and a chart per soak query (Chart.js).
// Loaded with defer after the libraries; no inline script (Content-Security-Policy).
(function () {
  'use strict';

  const container = document.getElementById('diagram');
  const tabs = document.getElementById('diagram-tabs');
  let viewer = null;

  async function show(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) {
      container.textContent = 'The diagram cannot be shown (' + response.status + ').';
      return null;
    }
    const diagram = await response.json();
    if (viewer) {
      viewer.destroy();
    }
    viewer = new BpmnJS({ container: container });
    await viewer.importXML(diagram.xml);
    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    const mark = (ids, marker) => ids.filter((id) => registry.get(id)).forEach((id) => canvas.addMarker(id, marker));
    mark(diagram.passed, 'passed-step');
    mark(diagram.current, 'current-step');
    mark(diagram.failed, 'failed-step');
    canvas.zoom('fit-viewport');
    container.dataset.instance = diagram.instanceId;
    container.dataset.current = diagram.current.join(' ');
    return diagram;
  }

  function tab(label, url, pressed) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'quiet';
    button.textContent = label;
    button.setAttribute('aria-pressed', pressed ? 'true' : 'false');
    button.addEventListener('click', () => {
      tabs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', 'false'));
      button.setAttribute('aria-pressed', 'true');
      show(url);
    });
    tabs.appendChild(button);
  }

  if (container && window.BpmnJS) {
    const base = container.dataset.url;
    show(base).then((diagram) => {
      if (diagram && diagram.called.length > 0) {
        tab(diagram.process, base, true);
        diagram.called.forEach((c) => tab(c.process + ' (from ' + c.calledFrom + (c.running ? ', running' : '') + ')',
          base + '?instance=' + encodeURIComponent(c.instanceId), false));
      }
    });
    let resize = null;
    window.addEventListener('resize', () => {
      clearTimeout(resize);
      resize = setTimeout(() => viewer && viewer.get('canvas').zoom('fit-viewport'), 200);
    });
  }

  const charts = document.getElementById('soak-charts');
  if (charts && window.Chart && charts.dataset.series) {
    const series = JSON.parse(charts.dataset.series);
    charts.querySelectorAll('canvas[data-index]').forEach((canvas) => {
      const s = series[Number(canvas.dataset.index)];
      const datasets = [{ label: s.name, data: s.values, borderColor: '#0b63c4', backgroundColor: '#0b63c4', spanGaps: false }];
      if (s.threshold !== null && s.threshold !== undefined) {
        datasets.push({ label: 'threshold', data: s.labels.map(() => s.threshold), borderColor: '#c0392b',
          borderDash: [6, 4], pointRadius: 0, backgroundColor: '#c0392b' });
      }
      new Chart(canvas, { type: 'line', data: { labels: s.labels, datasets: datasets },
        options: { responsive: true, maintainAspectRatio: false, animation: false } });
    });
  }
})();

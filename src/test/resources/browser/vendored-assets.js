// Drives the vendored libraries the way relman's pages will: the bpmn-js navigated viewer (global BpmnJS) with a
// marker on the current step, the form-js viewer (global FormViewer) with a form from forms/, and Chart.js (global
// Chart). The outcome lands in #status (data-state ready or failed) for the test to wait on.
document.addEventListener('DOMContentLoaded', async () => {
  const status = document.getElementById('status');
  try {
    const viewer = new BpmnJS({ container: '#diagram' });
    await viewer.importXML(await text('/bpmn/release.bpmn'));
    const canvas = viewer.get('canvas');
    canvas.zoom('fit-viewport');
    canvas.addMarker('go-no-go', 'current-step');
    canvas.addMarker('collect-change-set', 'passed-step');
    canvas.addMarker('assess-risk', 'passed-step');

    const schema = JSON.parse(await text('/forms/go-no-go.form'));
    const form = await FormViewer.createForm({
      container: document.getElementById('form'),
      schema,
      data: { releaseVersion: '2.4.0', decisionBasis: 'Risk **medium**: QA and security approved.' }
    });
    window.relmanForm = form;
    // field edits reach the form's state debounced; 'changed' says when they have
    form.on('changed', (event) => { window.relmanFormData = event.data; });

    window.relmanChart = new Chart(document.getElementById('chart'), {
      type: 'line',
      data: {
        labels: ['0 min', '5 min', '10 min', '15 min', '20 min'],
        datasets: [{ label: 'Error rate (%)', data: [0.2, 0.3, 0.25, 0.4, 0.3], borderColor: '#0b5cad' }]
      },
      options: { maintainAspectRatio: false, animation: false }
    });

    status.dataset.state = 'ready';
    status.textContent = 'ready';
  } catch (error) {
    status.dataset.state = 'failed';
    status.textContent = 'failed: ' + (error && error.stack || error);
  }
});

async function text(url) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(url + ' answered ' + response.status);
  }
  return response.text();
}

// Draws the model named by ?model= (a file of bpmn/) with the vendored bpmn-js viewer and keeps its SVG picture in
// window.relmanSvg, as the Camunda Modeler's "Export as SVG" would. The outcome lands in #status (data-state ready or
// failed) for the test to wait on.
document.addEventListener('DOMContentLoaded', async () => {
  const status = document.getElementById('status');
  try {
    const model = new URLSearchParams(location.search).get('model');
    const response = await fetch('/bpmn/' + model);
    if (!response.ok) {
      throw new Error(model + ' answered ' + response.status);
    }
    const viewer = new BpmnJS({ container: '#diagram', width: 1600, height: 900 });
    const result = await viewer.importXML(await response.text());
    window.relmanWarnings = result.warnings.map((warning) => warning.message);
    window.relmanSvg = (await viewer.saveSVG({ format: true })).svg;
    status.dataset.state = 'ready';
    status.textContent = 'ready';
  } catch (error) {
    status.dataset.state = 'failed';
    status.textContent = 'failed: ' + (error && error.stack || error);
  }
});

// A task's Camunda Form, rendered by the form-js viewer; "Complete task" posts the form's fields (as JSON in one
// hidden field, with the page's CSRF token) to relman, which applies the same rules as the API.
(function () {
  'use strict';

  const container = document.getElementById('task-form');
  const submit = document.getElementById('task-submit');
  if (!container || !submit || !window.FormViewer) {
    return;
  }
  const schema = JSON.parse(container.dataset.schema);
  const data = JSON.parse(container.dataset.data || '{}');
  const errors = document.getElementById('task-form-errors');

  // the keys of the form's input fields, nested groups included: only these are submitted
  function keys(component, found) {
    if (component.key && component.type !== 'text' && component.type !== 'spacer') {
      found.add(component.key);
    }
    (component.components || []).forEach((child) => keys(child, found));
    return found;
  }
  const fields = keys(schema, new Set());

  FormViewer.createForm({ container: container, schema: schema, data: data }).then((form) => {
    container.dataset.ready = 'true';
    // edits reach the form's state debounced; the state as it stands is kept here for whoever waits on it (tests)
    form.on('changed', (event) => { container.dataset.state = JSON.stringify(event.data); });
    submit.addEventListener('submit', (event) => {
      const result = form.submit();
      if (Object.keys(result.errors).length > 0) {
        event.preventDefault();
        errors.hidden = false;
        return;
      }
      const values = {};
      Object.keys(result.data).filter((key) => fields.has(key)).forEach((key) => { values[key] = result.data[key]; });
      document.getElementById('task-variables').value = JSON.stringify(values);
    });
  });
})();

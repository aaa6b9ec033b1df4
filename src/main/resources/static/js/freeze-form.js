// The freeze form shows the fields of the kind chosen (one-off or recurring). Without scripts both sets stay visible
// and the server ignores the other kind's fields, so this only tidies the form.
(function () {
  'use strict';

  function start() {
    var form = document.querySelector('form.freeze-form');
    if (!form) {
      return;
    }
    function update() {
      var chosen = form.querySelector('input[name=kind]:checked');
      var kind = chosen ? chosen.value : 'once';
      form.querySelector('fieldset.once').hidden = kind !== 'once';
      form.querySelector('fieldset.recurring').hidden = kind !== 'recurring';
    }
    form.querySelectorAll('input[name=kind]').forEach(function (radio) {
      radio.addEventListener('change', update);
    });
    update();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());

// Issue form: only the chosen program's grades are offered (the server checks them too).
// Loaded as a static file: the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";

  var program = document.getElementById("id_program");
  if (!program || !program.dataset.gradeBands) {
    return;
  }
  var bands = JSON.parse(program.dataset.gradeBands);

  function offerBand() {
    var band = bands[program.value];
    document.querySelectorAll("input[name='grades']").forEach(function (box) {
      var grade = parseInt(box.value, 10);
      var inBand = !band || (grade >= band[0] && grade <= band[1]);
      var row = box.closest(".form-check") || box.parentElement;
      row.hidden = !inBand;
      box.disabled = !inBand;
      if (!inBand) {
        box.checked = false;
      }
    });
  }

  program.addEventListener("change", offerBand);
  offerBand();
})();

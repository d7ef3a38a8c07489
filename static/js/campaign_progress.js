// Campaign page: the counts and the bar update while the worker creates the requests school
// by school, by asking the campaign's progress address (JSON) every few seconds, as
// batch_progress.js does for one batch. A static file: the CSP forbids inline scripts.
(function () {
  "use strict";

  var table = document.getElementById("campaign-progress");
  if (!table || !window.fetch || !table.dataset.running) {
    return;
  }
  var bar = document.getElementById("campaign-bar");

  function show(progress) {
    ["schools_done", "requests_created", "emails_queued", "letters"].forEach(function (name) {
      var cell = table.querySelector("[data-progress='" + name + "']");
      if (cell && String(progress[name]) !== cell.textContent) {
        cell.textContent = progress[name];
      }
    });
    if (bar) {
      bar.max = progress.schools_total;
      bar.value = progress.schools_done;
      bar.textContent = progress.schools_done + " / " + progress.schools_total;
    }
    if (progress.done) {
      window.location.reload(); // to list every school done
    }
  }

  function poll() {
    fetch(table.dataset.progressUrl, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) {
        if (!progress) {
          return;
        }
        show(progress);
        if (!progress.done) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  window.setTimeout(poll, 1000);
})();

// Issue batch page: the sending counts update while links are being emailed, by asking the
// batch's progress address (JSON) every few seconds. A static file: the CSP forbids inline scripts.
(function () {
  "use strict";

  var table = document.getElementById("batch-progress");
  if (!table || !window.fetch) {
    return;
  }
  var status = document.querySelector("[data-progress='status']");
  var failedAtLoad = table.querySelector("[data-progress='failed']").textContent.trim();

  function show(progress) {
    ["queued", "sent", "failed", "letters"].forEach(function (name) {
      var cell = table.querySelector("[data-progress='" + name + "']");
      if (cell && String(progress[name]) !== cell.textContent) {
        cell.textContent = progress[name];
      }
    });
    if (progress.done && String(progress.failed) !== failedAtLoad) {
      window.location.reload(); // to list the refused addresses for correction
    } else if (progress.done && status) {
      status.textContent = status.dataset.doneText;
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
          window.setTimeout(poll, 3000);
        }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  if (table.querySelector("[data-progress='queued']").textContent.trim() !== "0") {
    window.setTimeout(poll, 2000);
  }
})();

// Progress that updates by itself (an issue batch's sending, a campaign's schools): the element
// with data-progress-url asks that address (JSON) every few seconds while data-running is set,
// and writes each value into the element of the same data-progress name. When done, the page
// reloads (data-reload-when-done="always", or "failed" when the failed count changed, to list
// the refused addresses) or shows the status's data-done-text. A static file: the CSP forbids
// inline scripts.
(function () {
  "use strict";

  var box = document.querySelector("[data-progress-url]");
  if (!box || !window.fetch || !box.dataset.running) {
    return;
  }
  var status = document.querySelector("[data-progress='status']");
  var bar = document.querySelector("progress[data-progress-bar]");
  var failed = box.querySelector("[data-progress='failed']");
  var failedAtLoad = failed ? failed.textContent.trim() : null;

  function show(progress) {
    box.querySelectorAll("[data-progress]").forEach(function (cell) {
      var value = progress[cell.dataset.progress];
      if (value !== undefined && String(value) !== cell.textContent) {
        cell.textContent = value;
      }
    });
    if (bar) {
      bar.max = progress.schools_total;
      bar.value = progress.schools_done;
      bar.textContent = progress.schools_done + " / " + progress.schools_total;
    }
    if (!progress.done) {
      return;
    }
    var reload = box.dataset.reloadWhenDone;
    if (reload === "always" || (reload === "failed" && String(progress.failed) !== failedAtLoad)) {
      window.location.reload();
    } else if (status) {
      status.textContent = status.dataset.doneText;
    }
  }

  function poll() {
    fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" } })
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

  window.setTimeout(poll, 2000);
})();

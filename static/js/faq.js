// FAQ pages: a permalink (/faq/#slug) opens its answer, which is a closed <details>.
// Loaded as a static file: the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.scrollIntoView();
    }
  }

  openTarget();
  window.addEventListener("hashchange", openTarget);
})();

// Live progress on a scan page: poll the JSON endpoint and update the page in place.
// The only script in the console; it is served from 'self' (the CSP allows nothing else).
"use strict";
(function () {
  var box = document.getElementById("progress");
  if (!box || box.dataset.finished === "true") { return; }
  var bar = document.getElementById("bar");
  function field(name, value) {
    var el = box.querySelector('[data-field="' + name + '"]');
    if (el) { el.textContent = value === null ? "unknown yet" : String(value); }
  }
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        field("status", s.status);
        field("commits_scanned", s.commits_scanned);
        field("commits_total", s.commits_total);
        field("findings", s.findings);
        if (s.commits_total) { bar.max = s.commits_total; bar.value = s.commits_scanned; }
        else if (s.finished) { bar.max = 1; bar.value = 1; }
        if (!s.finished) { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

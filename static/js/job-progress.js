// A staff job's page (templates/jobs/detail.html): polls the job's JSON status and updates
// the <progress> element; once the job has ended, reloads the page for its result links.
// Without JavaScript the page refreshes itself (meta refresh) while the job runs.
(function () {
  "use strict";
  var root = document.getElementById("job");
  if (!root || !window.fetch) return;
  var bar = document.getElementById("job-progress");
  var count = document.getElementById("job-count");
  var state = document.getElementById("job-state");
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) refresh.parentNode.removeChild(refresh); // polling takes over
  function poll() {
    fetch(root.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        bar.max = status.total || 1;
        bar.value = status.done;
        bar.textContent = count.textContent = status.done + " / " + status.total;
        state.textContent = status.state_label;
        if (status.running) window.setTimeout(poll, 1000);
        else window.location.reload();
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

// The recruiter's interview page: refresh the transcript while the interview runs.
(function () {
  "use strict";
  const live = document.getElementById("live");
  if (!live || !live.dataset.refresh) return;
  async function poll() {
    try {
      const response = await fetch(live.dataset.refresh, { headers: { Accept: "text/html" } });
      if (response.ok) {
        live.innerHTML = await response.text();
        const status = live.querySelector("#transcript").dataset.status;
        if (status === "completed" || status === "abandoned") { window.location.reload(); return; }
      }
    } catch (e) { /* offline for a moment: try again on the next tick */ }
    setTimeout(poll, 4000);
  }
  setTimeout(poll, 4000);
})();

// The recruiter's interview page: the transcript follows the interview as it runs.
// Server-sent events from <refresh>/stream; where EventSource is missing, polling every 4 s.
(function () {
  "use strict";
  const live = document.getElementById("live");
  if (!live || !live.dataset.refresh) return;

  function listen() {
    // EventSource reconnects by itself after a dropped connection; the stream then resends.
    const source = new EventSource(live.dataset.refresh + "/stream");
    source.addEventListener("transcript", function (e) { live.innerHTML = JSON.parse(e.data).html; });
    source.addEventListener("end", function () { source.close(); window.location.reload(); });
  }

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

  if (window.EventSource) listen(); else setTimeout(poll, 4000);
})();

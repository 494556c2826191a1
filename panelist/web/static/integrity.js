// Integrity signals, disclosed to the candidate in the notice before consent: a paste into the
// answer box (its length, never its text) and leaving the page while the interview runs (for
// how long). The server files each under the question being answered; reviewers see them as
// information and no score reads them.
(function () {
  "use strict";
  const form = document.getElementById("composer");
  const answer = document.getElementById("answer");
  if (!form || !answer) return;
  const url = "/api/v1/candidate/" + encodeURIComponent(form.dataset.token) + "/integrity";
  let leftAt = null;

  function running() { return form.dataset.state !== "finished" && !answer.disabled; }

  function send(payload) {
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
      keepalive: true,
    }).catch(function () { /* a lost signal is only information lost */ });
  }

  answer.addEventListener("paste", function (event) {
    if (!running()) return;
    const text = event.clipboardData ? event.clipboardData.getData("text") : "";
    send({ kind: "paste", chars: text.length });
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      if (running()) leftAt = Date.now();
    } else if (leftAt !== null) {
      const seconds = (Date.now() - leftAt) / 1000;
      leftAt = null;
      if (running()) send({ kind: "leave", seconds: Math.round(seconds * 10) / 10 });
    }
  });
})();

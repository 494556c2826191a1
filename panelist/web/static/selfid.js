// Voluntary self-identification, offered once the interview is complete. Every question has
// "prefer not to say"; "Skip" closes the form and nothing is sent. Answers go to their own
// encrypted table that no reviewer or scorer reads.
(function () {
  "use strict";
  const form = document.getElementById("self-id");
  if (!form) return;
  const status = document.getElementById("self-id-status");
  const url = "/api/v1/candidate/" + encodeURIComponent(form.dataset.token) + "/self-identification";

  function show() {
    form.closest("section").hidden = false;
    const list = document.getElementById("messages");  // the chat shrank: keep the newest in view
    if (list && list.lastElementChild) {
      const last = list.lastElementChild;
      list.scrollTop = last.offsetHeight <= list.clientHeight ? list.scrollHeight : last.offsetTop;
    }
  }
  if (form.dataset.show === "now") show();
  document.addEventListener("panelist:finished", function (event) {
    if (event.detail && event.detail.status === "completed") show();
  });

  function value(name) {
    const field = form.elements[name];
    const chosen = field && (field.value || "");
    return chosen === "" ? null : chosen;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    form.dataset.state = "busy";
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ sex: value("sex"), race_ethnicity: value("race_ethnicity") }),
      });
      if (response.status === 204) {
        form.hidden = true;
        status.textContent = "Thank you: your answers are saved, apart from your interview.";
      } else {
        let detail = response.statusText;
        try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
        status.textContent = "Your answers could not be saved: " + detail;
      }
    } catch (e) {
      status.textContent = "Your answers could not be saved (connection problem). You can try again.";
    } finally {
      form.dataset.state = "ready";
    }
  });

  document.getElementById("self-id-skip").addEventListener("click", function () {
    form.hidden = true;
    status.textContent = "Skipped: nothing was sent.";
  });
})();

// "Copy link" buttons: data-copy names the field whose text goes to the clipboard.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", async function () {
      const field = document.getElementById(button.dataset.copy);
      const status = button.closest("section").querySelector(".copy-status");
      try {
        await navigator.clipboard.writeText(field.value);
        status.textContent = "Link copied.";
      } catch (e) {
        field.focus();
        field.select();
        status.textContent = "Press Ctrl+C (or Cmd+C) to copy the selected link.";
      }
    });
  });
})();

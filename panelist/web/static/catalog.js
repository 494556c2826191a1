// The catalog editor: the YAML is checked as the author types (POST /catalog/check, the rules
// of `panelist catalog check`), and every problem is listed with its line.
(function () {
  "use strict";
  const form = document.getElementById("editor-form");
  const editor = document.getElementById("editor");
  if (!form || !editor) return;
  const list = document.getElementById("problems");
  const status = document.getElementById("check-status");
  const save = document.getElementById("save");
  let timer = null;
  let sent = 0;

  function show(problems) {
    list.replaceChildren();
    problems.forEach(function (p) {
      const item = document.createElement("li");
      item.className = "error";
      item.textContent = (p.line ? "Line " + p.line + ": " : "") + p.message + " — " + p.hint;
      list.appendChild(item);
    });
    editor.setAttribute("aria-invalid", problems.length ? "true" : "false");
    if (save) save.disabled = problems.length > 0;
    status.textContent = problems.length
      ? problems.length + " problem(s): the catalog check must pass before you can save."
      : "No problems: the catalog check passes.";
  }

  async function check() {
    const mine = ++sent;
    const body = new FormData();
    body.append("csrf_token", form.elements.csrf_token.value);
    body.append("kind", form.elements.kind.value);
    body.append("yaml", editor.value);
    try {
      const response = await fetch("/catalog/check", { method: "POST", body: body });
      if (!response.ok) throw new Error(response.status);
      const result = await response.json();
      if (mine === sent) show(result.problems);
    } catch (e) {
      status.textContent = "Could not check just now; the check runs again when you save.";
    }
  }

  editor.addEventListener("input", function () {
    clearTimeout(timer);
    status.textContent = "Checking…";
    timer = setTimeout(check, 400);
  });
})();

// The catalog editor. The form is checked as the author types (POST /catalog/{kind}/check-form, the
// rules of `panelist catalog check`): each problem is shown under the field it names, the rest
// above the form, and the YAML view shows what the form would save. Rows are added and removed
// here without a round trip (without JavaScript the same buttons post and the page comes back
// with the row). The YAML view is checked the same way (POST /catalog/check), by line.
(function () {
  "use strict";
  const DELAY = 400;

  function debounce(fn) {
    let timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, DELAY);
    };
  }

  function problemText(p) {
    return p.message + " — " + p.hint;
  }

  function listItem(text) {
    const item = document.createElement("li");
    item.className = "error";
    item.textContent = text;
    return item;
  }

  // ------------------------------------------------------------------ the YAML view
  const yamlForm = document.getElementById("editor-form");
  const editor = document.getElementById("editor");
  let yamlEdited = false;
  if (yamlForm && editor) {
    const list = document.getElementById("problems");
    const status = document.getElementById("check-status");
    const save = document.getElementById("save");
    let sent = 0;

    function showYaml(problems) {
      list.replaceChildren();
      problems.forEach(function (p) {
        list.appendChild(listItem((p.line ? "Line " + p.line + ": " : "") + problemText(p)));
      });
      editor.setAttribute("aria-invalid", problems.length ? "true" : "false");
      if (save) save.disabled = problems.length > 0;
      status.textContent = problems.length
        ? problems.length + " problem(s): the catalog check must pass before you can save."
        : "No problems: the catalog check passes.";
    }

    async function checkYaml() {
      const mine = ++sent;
      const body = new FormData();
      body.append("csrf_token", yamlForm.elements.csrf_token.value);
      body.append("kind", yamlForm.elements.kind.value);
      body.append("yaml", editor.value);
      try {
        const response = await fetch("/catalog/check", { method: "POST", body: body });
        if (!response.ok) throw new Error(response.status);
        const result = await response.json();
        if (mine === sent) showYaml(result.problems);
      } catch (e) {
        status.textContent = "Could not check just now; the check runs again when you save.";
      }
    }

    const later = debounce(checkYaml);
    editor.addEventListener("input", function () {
      yamlEdited = true;
      status.textContent = "Checking…";
      const formStatus = document.getElementById("form-status");
      if (formStatus) {
        formStatus.textContent =
          "You are editing the YAML below: save it there. The form shows the text before your YAML edits.";
      }
      later();
    });
  }

  // ------------------------------------------------------------------ the form
  const form = document.getElementById("item-form");
  if (!form) return;
  const status = document.getElementById("form-status");
  const summary = document.getElementById("form-problems");
  const save = document.getElementById("save-form");
  let sent = 0;

  function htmlId(name) {
    return "f-" + (name || "item").replace(/[^A-Za-z0-9_-]/g, "-");
  }

  // The list under the field a problem names, or under the nearest row or section holding it.
  function placeOf(field) {
    const parts = (field || "").split(".");
    for (let end = parts.length; end > 0; end--) {
      const list = document.getElementById(htmlId(parts.slice(0, end).join(".")) + "-problems");
      if (list && form.contains(list)) return list;
    }
    return null;
  }

  function clear() {
    form.querySelectorAll(".field-problems").forEach(function (list) {
      list.replaceChildren();
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
    });
    form.querySelectorAll(".has-problem").forEach(function (el) {
      el.classList.remove("has-problem");
    });
    summary.replaceChildren();
  }

  function show(result) {
    clear();
    result.problems.forEach(function (p) {
      const list = placeOf(p.field);
      if (!list) {
        summary.appendChild(listItem(problemText(p)));
        return;
      }
      list.appendChild(listItem(p.shown || problemText(p)));
      const holder = list.closest(".field");
      if (holder) {
        holder.classList.add("has-problem");
        const input = holder.querySelector("input, select, textarea, fieldset");
        if (input) input.setAttribute("aria-invalid", "true");
      }
    });
    const n = result.problems.length;
    if (save) save.disabled = n > 0;
    status.textContent = n
      ? n + " problem(s), shown next to their fields: the catalog check must pass before you can save."
      : "No problems: the catalog check passes.";
    if (editor && !yamlEdited && result.yaml) editor.value = result.yaml;
  }

  async function check() {
    const mine = ++sent;
    const body = new FormData(form);
    try {
      const response = await fetch(form.dataset.check, { method: "POST", body: body });
      if (!response.ok) throw new Error(response.status);
      const result = await response.json();
      if (mine === sent) show(result);
    } catch (e) {
      status.textContent = "Could not check just now; the check runs again when you save.";
    }
  }

  // A key point evidences one of the question's competencies: its select offers the ones
  // checked above (and the empty choice, the main one); a value set otherwise stays shown so
  // the check can name it.
  function limitPointCompetencies() {
    const chosen = new Set(
      Array.from(form.querySelectorAll("input[name=competencies]:checked")).map(function (box) {
        return box.value;
      })
    );
    form.querySelectorAll("select[name^='key_points.'][name$='.competency']").forEach(function (select) {
      Array.from(select.options).forEach(function (option) {
        const offered = option.value === "" || chosen.has(option.value) || option.selected;
        option.hidden = !offered;
        option.disabled = !offered;
      });
    });
  }
  limitPointCompetencies();

  const later = debounce(check);
  function changed() {
    limitPointCompetencies();
    status.textContent = "Checking…";
    later();
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // Rows: "Add a key point" clones the row template with the next free index; "Remove" takes
  // the row out. Focus goes to the new row's first field, or back to the add button. The empty
  // row the page ends each list with is for adding without JavaScript: here "Add" does it.
  form.querySelectorAll("li.row-new").forEach(function (row) {
    row.remove();
  });
  form.addEventListener("click", function (event) {
    const button = event.target.closest("button[name=action]");
    if (!button || !form.contains(button)) return;
    const group = button.closest("fieldset.rows");
    if (!group) return;
    event.preventDefault();
    if (button.value.indexOf("add:") === 0) {
      const index = group.dataset.next; // a fresh index: the server orders rows, gaps are fine
      group.dataset.next = String(Number(index) + 1);
      const html = group
        .querySelector("template.row-template")
        .innerHTML.split("__row__").join(index)
        .split("__n__").join(String(group.querySelectorAll(".row-list > li").length + 1));
      const holder = document.createElement("ol");
      holder.innerHTML = html;
      const row = holder.firstElementChild;
      group.querySelector(".row-list").appendChild(row);
      const first = row.querySelector("input, textarea, select");
      if (first) first.focus();
    } else {
      const row = button.closest("li.row");
      const add = group.querySelector(".add-row");
      row.remove();
      if (add) add.focus();
    }
    changed();
  });
})();

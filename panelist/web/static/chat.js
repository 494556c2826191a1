// The candidate's chat. State lives on the server: a reload asks it where the interview is.
// Answers carry a client-generated turn id, so a retry after a dropped connection is stored once.
(function () {
  "use strict";
  const form = document.getElementById("composer");
  const token = form.dataset.token;
  const interviewer = form.dataset.interviewer;
  const api = "/api/v1/candidate/" + encodeURIComponent(token);
  const list = document.getElementById("messages");
  const answer = document.getElementById("answer");
  const notice = document.getElementById("notice");
  const progressEl = document.getElementById("progress");
  const clockEl = document.getElementById("clock");
  const countEl = document.getElementById("answer-count");
  const done = document.getElementById("done");
  const maxChars = parseInt(form.dataset.max, 10) || 20000;
  // With an LLM interviewer the reply streams in as the model writes it.
  const llmStream = form.dataset.llmStream === "on" && !!window.ReadableStream && !!window.TextDecoder;
  const WARN_AT = 0.9;  // the counter warns from 90 % of the limit
  const draftKey = "panelist:draft:" + token;
  const pendingKey = "panelist:pending:" + token;
  const seenKey = "panelist:seen:" + token;  // the last turn this browser has shown
  // Seconds between the words of an interviewer turn, as the server streams them: a turn the
  // page has whole (the goodbye, after which the invite no longer opens) is shown at that pace.
  const wordDelay = Math.max(parseFloat(form.dataset.wordDelay) || 0, 0) * 1000;
  let lastSeq = -1;
  let busy = false;
  let secondsLeft = null;
  let ended = false;  // a finished interview shows no question count or clock

  function setBusy(value) {  // data-state tells assistive tech and tests whether to wait
    busy = value;
    form.dataset.state = value ? "busy" : (answer.disabled ? "finished" : "ready");
    form.setAttribute("aria-busy", value ? "true" : "false");
  }

  // The newest message stays in view: the conversation scrolls inside its own box, which
  // ends where the composer begins, so nothing is ever hidden under the answer field.
  function scrollToNewest() {
    const last = list.lastElementChild;
    if (!last) return;
    const fits = last.offsetHeight <= list.clientHeight;  // else show where it starts
    list.scrollTop = fits ? list.scrollHeight : last.offsetTop;
  }

  function fmtCount(n) { return n.toLocaleString("en-US"); }

  function showCount() {
    const n = answer.value.length;
    const over = n > maxChars;
    let text = fmtCount(n) + " / " + fmtCount(maxChars) + " characters";
    if (over) text += " · " + fmtCount(n - maxChars) + " too many";
    else if (n >= maxChars * WARN_AT) text += " · " + fmtCount(maxChars - n) + " left";
    countEl.textContent = text;
    countEl.classList.toggle("near", n >= maxChars * WARN_AT && !over);
    countEl.classList.toggle("over", over);
    return over;
  }

  function tooLongText(n) {
    return "Your answer is " + fmtCount(n) + " characters; the limit is " + fmtCount(maxChars) +
      ". Shorten it by " + fmtCount(n - maxChars) + " characters to send it: your text stays in the box.";
  }

  function newTurnId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return Date.now().toString(16) + Math.random().toString(16).slice(2);
  }

  function bubble(msg) {
    const li = document.createElement("li");
    li.className = "msg " + msg.speaker + " " + msg.role;
    li.dataset.id = msg.id;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = msg.speaker === "interviewer" ? interviewer : "You";
    const text = document.createElement("p");
    text.className = "text";
    text.textContent = msg.text;
    li.append(who, text);
    list.append(li);
    scrollToNewest();
    if (typeof msg.seq === "number" && msg.seq > lastSeq) {
      lastSeq = msg.seq;
      localStorage.setItem(seenKey, String(lastSeq));
    }
    return text;
  }

  // An interviewer turn the page already has whole, shown word by word as a streamed one is.
  async function reveal(msg) {
    const text = bubble(Object.assign({}, msg, { text: "" }));
    const words = msg.text.split(" ");
    for (let i = 0; i < words.length; i++) {
      text.textContent += (i ? " " : "") + words[i];
      scrollToNewest();
      if (wordDelay) await new Promise(function (r) { setTimeout(r, wordDelay); });
    }
    text.textContent = msg.text;
  }

  async function revealAll(messages) {
    for (const m of messages) if (m.seq > lastSeq) await reveal(m);
  }

  function showProgress(p) {
    if (!p || ended) return;
    progressEl.textContent = "Question " + Math.max(p.question, 1) + " of about " + p.questions;
    secondsLeft = p.seconds_remaining;
    tick();
  }

  function tick() {
    if (secondsLeft === null) return;
    const minutes = Math.ceil(secondsLeft / 60);
    clockEl.textContent = secondsLeft > 0 ? minutes + " min left" : "Time is up: the interviewer will wrap up";
  }
  setInterval(function () { if (secondsLeft !== null && secondsLeft > 0) { secondsLeft -= 1; if (secondsLeft % 60 === 0) tick(); } }, 1000);

  // The end: the composer gives way to a thank-you, just under the last message.
  function finish(status, why) {
    form.querySelectorAll("textarea, button").forEach(function (el) { el.disabled = true; });
    localStorage.removeItem(draftKey);
    localStorage.removeItem(pendingKey);
    form.hidden = true;
    ended = true;  // not "Question 8 of about 9 - 41 min left" under the thank-you
    secondsLeft = null;
    progressEl.textContent = status === "completed" ? "Interview complete" : "Interview ended";
    clockEl.textContent = "";
    document.getElementById("done-title").textContent = status === "completed" ? "Thank you" : "This interview has ended";
    document.getElementById("done-text").textContent = why || (status === "completed"
      ? "The interview is complete. Thank you! A person will review it; you can close this page."
      : "This interview has ended. The answers you gave are saved. Thank you for your time.");
    done.hidden = false;
    scrollToNewest();
    document.dispatchEvent(new CustomEvent("panelist:finished", { detail: { status: status } }));
  }

  // The server refused because the interview is over (e.g. the recruiter closed it).
  function Ended(message) { this.message = message; }

  async function problemText(response) {
    if (response.status === 422) {  // the server's validation words are not for candidates
      return "This answer could not be sent (the limit is " + fmtCount(maxChars) + " characters).";
    }
    try { const body = await response.json(); return body.detail || body.title; } catch (e) { return response.statusText; }
  }

  function stream(after) {
    return new Promise(function (resolve, reject) {
      if (!window.EventSource) { reject(new Error("no EventSource")); return; }
      const source = new EventSource(api + "/stream?after=" + after);
      const open = {};
      let finished = false;
      source.addEventListener("turn", function (e) { const m = JSON.parse(e.data); open[m.id] = bubble(m); });
      source.addEventListener("delta", function (e) { const d = JSON.parse(e.data); if (open[d.id]) { open[d.id].textContent += d.text; scrollToNewest(); } });
      source.addEventListener("done", function (e) { const m = JSON.parse(e.data); if (open[m.id]) open[m.id].textContent = m.text; if (m.seq > lastSeq) lastSeq = m.seq; scrollToNewest(); });
      source.addEventListener("end", function (e) { finished = true; source.close(); resolve(JSON.parse(e.data).status); });
      source.onerror = function () { source.close(); if (!finished) reject(new Error("stream interrupted")); };
    });
  }

  async function refresh() {
    const response = await fetch(api, { headers: { Accept: "application/json" } });
    if (!response.ok) { notice.textContent = await problemText(response); finish("ended"); return null; }
    return response.json();
  }

  async function afterReply(body) {
    if (body.status === "in_progress") {
      try { await stream(lastSeq); } catch (e) { body.messages.forEach(function (m) { if (m.seq > lastSeq) bubble(m); }); }
      const state = await refresh();
      if (state) showProgress(state.progress);
    } else {  // the goodbye: the ended interview streams nothing more, so it is shown here
      await revealAll(body.messages);
      finish(body.status);
    }
  }

  async function post(path, payload) {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(api + path, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(payload || {}),
        });
        if (response.ok) { notice.textContent = ""; return response.json(); }
        if (response.status === 409) {
          const problem = await response.clone().json().catch(function () { return {}; });
          if (String(problem.type || "").endsWith("/interview-ended")) throw new Ended(problem.detail);
        }
        if (response.status < 500 && response.status !== 409) throw new Error(await problemText(response));
        if (attempt >= 4) throw new Error(await problemText(response));
      } catch (e) {
        if (!(e instanceof TypeError) || attempt >= 4) throw e;  // TypeError: the network failed
      }
      notice.textContent = "Connection problem: trying again…";
      await new Promise(function (r) { setTimeout(r, 1000 * (attempt + 1)); });
    }
  }

  // POST .../answers/stream: server-sent events over fetch (EventSource cannot POST).
  // turn/delta render the reply while the LLM writes it; done gives each turn's final text.
  // Returns the end state, or null when the route refused (post() then says why).
  async function postStreamed(payload) {
    const response = await fetch(api + "/answers/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(payload),
    });
    if (!response.ok || !response.body) return null;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const open = {};
    let buffer = "";
    let end = null;
    let shown = Promise.resolve();  // the turns the LLM did not write, one after the other
    function handle(event, d) {
      if (event === "turn") open[d.id] = bubble(d);
      else if (event === "delta" && open[d.id]) { open[d.id].textContent += d.text; scrollToNewest(); }
      else if (event === "done" && open[d.id]) {
        open[d.id].textContent = d.text;
        if (d.seq > lastSeq) lastSeq = d.seq;
        scrollToNewest();
      } else if (event === "done") shown = shown.then(function () { return revealAll([d]); });
      else if (event === "end") end = d;
      else if (event === "failed") throw new Error(d.detail);
    }
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = "message";
          let data = "";
          block.split("\n").forEach(function (line) {
            if (line.startsWith("event: ")) event = line.slice(7);
            else if (line.startsWith("data: ")) data += line.slice(6);
          });
          if (data) handle(event, JSON.parse(data));
        }
      }
      if (!end) throw new Error("The reply was cut off.");
      await shown;
    } catch (e) {  // the plain route replays the reply: drop the half-written turns first
      Object.keys(open).forEach(function (id) { open[id].parentElement.remove(); });
      throw e;
    }
    return end;
  }

  async function reply(turnId, text) {
    const payload = { turn_id: turnId, text: text };
    if (llmStream) {
      const streamed = await postStreamed(payload).catch(function () { return null; });
      if (streamed) {
        localStorage.removeItem(pendingKey);
        if (streamed.status === "in_progress") showProgress(streamed.progress);
        else finish(streamed.status);
        return;
      }
    }
    const body = await post("/answers", payload);  // the same turn id: stored once
    localStorage.removeItem(pendingKey);
    await afterReply(body);
  }

  async function send(text, turnId) {
    setBusy(true);
    localStorage.setItem(pendingKey, JSON.stringify({ turn_id: turnId, text: text }));
    try {
      await reply(turnId, text);
    } catch (e) {
      if (e instanceof Ended) finish("ended", e.message);
      else {
        localStorage.removeItem(pendingKey);
        const local = list.querySelector('li[data-id="local"], li[data-id="' + turnId + '"]');
        if (local) local.remove();
        if (!answer.value) { answer.value = text; localStorage.setItem(draftKey, text); showCount(); }
        notice.textContent = e.message + " Your answer is back in the box: press Send to try again.";
      }
    } finally {
      setBusy(false);
      if (!answer.disabled) answer.focus();
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = answer.value.trim();
    if (!text || busy) return;
    if (text.length > maxChars) { showCount(); notice.textContent = tooLongText(text.length); return; }
    bubble({ id: "local", speaker: "candidate", role: "answer", text: text });
    answer.value = "";
    showCount();
    localStorage.removeItem(draftKey);
    send(text, newTurnId());
  });

  answer.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  let wasOver = false;
  answer.addEventListener("input", function () {
    localStorage.setItem(draftKey, answer.value);
    const over = showCount();
    if (over && !wasOver) notice.textContent = tooLongText(answer.value.length);
    if (!over && wasOver) notice.textContent = "";
    wasOver = over;
  });

  document.getElementById("skip").addEventListener("click", async function () {
    if (busy) return;
    setBusy(true);
    try { await afterReply(await post("/skip")); }
    catch (e) { if (e instanceof Ended) finish("ended", e.message); else notice.textContent = e.message; }
    finally { setBusy(false); if (!answer.disabled) answer.focus(); }
  });

  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  if (Recognition) {
    const speak = document.getElementById("speak");
    speak.hidden = false;
    speak.addEventListener("click", function () {
      const recognition = new Recognition();
      recognition.lang = document.documentElement.lang || "en";
      recognition.onresult = function (e) {
        answer.value += (answer.value ? " " : "") + e.results[0][0].transcript;
        localStorage.setItem(draftKey, answer.value);
        answer.focus();
      };
      recognition.start();
    });
  }

  async function resume() {
    setBusy(true);
    try { await load(); } finally { setBusy(false); }
  }

  async function load() {
    const state = await refresh();
    if (!state) return;
    // what this browser showed before (and every answer) at once; the interviewer's turns
    // after it - the greeting and first question of a new interview - as they are streamed
    const seen = parseInt(localStorage.getItem(seenKey) || "-1", 10);
    const answered = state.messages.reduce(function (n, m) {
      return m.speaker === "candidate" && m.seq > n ? m.seq : n;
    }, -1);
    const upTo = Math.max(seen, answered);
    const fresh = state.messages.filter(function (m) { return m.seq > upTo; });
    state.messages.filter(function (m) { return m.seq <= upTo; }).forEach(bubble);
    showProgress(state.progress);
    scrollToNewest();
    if (fresh.length && state.status === "in_progress") {
      try { await stream(lastSeq); } catch (e) { await revealAll(fresh); }
    } else if (fresh.length) await revealAll(fresh);
    if (state.status !== "in_progress") { finish(state.status); return; }
    answer.value = localStorage.getItem(draftKey) || "";
    showCount();
    const pending = JSON.parse(localStorage.getItem(pendingKey) || "null");
    if (pending && !state.messages.some(function (m) { return m.id === pending.turn_id; })) {
      bubble({ id: pending.turn_id, speaker: "candidate", role: "answer", text: pending.text });
      busy = false;
      await send(pending.text, pending.turn_id);  // the same turn id: stored once however often it is sent
    } else {
      localStorage.removeItem(pendingKey);
    }
    answer.focus();
  }

  resume();
})();

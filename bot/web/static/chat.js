// The web chat's page: talks only to its own gateway, shows every message with textContent,
// keeps nothing on the device but the conversation's id and two display settings.
"use strict";

(() => {
  const body = document.body;
  const texts = JSON.parse(body.dataset.texts);
  const kiosk = body.dataset.kiosk === "true";
  const idleMs = Number(body.dataset.idleSeconds) * 1000;
  const answerMs = Number(body.dataset.answerSeconds) * 1000;
  const KEYS = { conversation: "chat.conversation", larger: "chat.larger", autoRead: "chat.autoRead" };
  const ID_FORM = /^[A-Za-z0-9_-]{32}$/;
  const POLL_MS = 2000, POLL_SOON_MS = 700;

  const $ = (id) => document.getElementById(id);
  const log = $("log"), choices = $("choices"), status = $("status"), words = $("words");

  let conversation = null;
  let lastLine = 0;
  let waiting = false;
  let pollTimer = null;
  let starting = null;
  let restored = false;  // the history a reload brings back is shown, not read aloud again

  // Display settings, remembered on this device.
  function setLarger(on) {
    document.documentElement.classList.toggle("larger", on);
    $("larger").setAttribute("aria-pressed", String(on));
    $("larger").textContent = on ? texts.smaller : texts.larger;
    localStorage.setItem(KEYS.larger, on ? "1" : "0");
  }
  function autoRead() { return localStorage.getItem(KEYS.autoRead) === "1"; }
  function setAutoRead(on) {
    $("auto-read").setAttribute("aria-pressed", String(on));
    $("auto-read").textContent = on ? texts.auto_read_off : texts.auto_read;
    localStorage.setItem(KEYS.autoRead, on ? "1" : "0");
  }

  // Reading aloud with the browser's own voice.
  function readAloud(text) {
    if (!("speechSynthesis" in window) || !text) return;
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "zh-CN";
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(line) {
    const item = element("article", `line ${line.author}`);
    item.dataset.line = String(line.id);
    const who = { resident: texts.resident, assistant: texts.assistant }[line.author];
    if (who) item.append(element("span", "who", who));  // a worker's words carry their name
    if (line.text) item.append(element("p", "words", line.text));
    if ((line.author === "assistant" || line.author === "worker") && line.text) {
      const listen = element("button", "quiet listen", texts.listen);
      listen.type = "button";
      listen.addEventListener("click", () => readAloud(line.text));
      item.append(listen);
    }
    log.append(item);
    if (line.buttons && line.buttons.length) offer(line.buttons);
  }

  function offer(buttons) {  // a tap shows the title and sends the button's payload
    choices.replaceChildren();
    for (const { title, payload } of buttons) {
      const button = element("button", "choice", title);
      button.type = "button";
      button.addEventListener("click", () => send(title, payload));
      choices.append(button);
    }
  }

  function say(text) {  // the gateway's or the page's own words, not kept
    show({ id: 0, author: "notice", text, buttons: [] });
    status.textContent = "";
    log.lastElementChild?.scrollIntoView({ block: "end" });
  }

  async function call(method, path, data) {
    const options = { method, headers: { "Content-Type": "application/json" } };
    if (data !== undefined) options.body = JSON.stringify(data);
    const response = await fetch(path, options);
    let answer = {};
    if (response.status !== 204) {
      try { answer = await response.json(); } catch { answer = {}; }
    }
    return { ok: response.ok, answer };
  }

  async function start() {
    if (starting) return starting;
    starting = (async () => {
      const params = new URLSearchParams(window.location.search);
      const community = params.get("c") || undefined;
      let ok = false, answer = {};
      try {
        ({ ok, answer } = await call("POST", "/api/conversations", { community }));
      } catch { /* offline: said below */ }
      if (!ok || !ID_FORM.test(answer.id || "")) {
        say(answer.error || texts.offline);
        return;
      }
      conversation = answer.id;
      localStorage.setItem(KEYS.conversation, conversation);
      lastLine = 0;
      waiting = true;
      status.textContent = texts.thinking;
      poll(POLL_SOON_MS);
    })();
    try { await starting; } finally { starting = null; }
  }

  async function refused(answer) {
    if (answer.restart) clearConversation();
    say(answer.error || texts.offline);
    if (answer.restart) await start();
  }

  async function read() {
    if (!conversation) return;
    const { ok, answer } = await call("GET", `/api/conversations/${conversation}?after=${lastLine}`);
    if (!ok) {
      if (answer.restart) await refused(answer);
      return;
    }
    let spoken = "";
    for (const line of answer.lines) {
      show(line);
      lastLine = Math.max(lastLine, line.id);
      if (line.author !== "resident") {
        waiting = false;
        if (line.text) spoken += `${line.text}\n`;
      }
    }
    if (answer.lines.length) {
      log.lastElementChild.scrollIntoView({ block: "end" });
      if (!waiting) status.textContent = "";
      if (spoken && autoRead() && !restored) readAloud(spoken);
    }
    restored = false;
  }

  function poll(delay) {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(async () => {
      try { await read(); } catch { status.textContent = texts.offline; }
      poll(waiting ? POLL_SOON_MS : POLL_MS);
    }, delay);
  }

  async function send(text, payload) {
    text = text.trim();
    if (!text) return;
    if (!conversation) await start();
    if (!conversation) return;
    let result;
    try {
      const message = payload ? { text, payload } : { text };
      result = await call("POST", `/api/conversations/${conversation}/messages`, message);
    } catch {
      say(texts.offline);
      return;
    }
    if (!result.ok) {
      await refused(result.answer);
      return;
    }
    words.value = "";
    waiting = true;
    status.textContent = texts.thinking;
    poll(POLL_SOON_MS);
  }

  function clearConversation() {
    clearTimeout(pollTimer);
    window.speechSynthesis?.cancel();
    localStorage.removeItem(KEYS.conversation);
    conversation = null;
    lastLine = 0;
    waiting = false;
    log.replaceChildren();
    choices.replaceChildren();
    status.textContent = "";
    words.value = "";
  }

  async function newPerson() {
    const leaving = conversation;
    clearConversation();
    $("ask").hidden = true;
    if (leaving) {
      try { await call("DELETE", `/api/conversations/${leaving}`); } catch { /* gone already */ }
    }
    await start();
  }

  // Speech input where the browser has it; the button is not shown where it does not.
  function setUpSpeech() {
    const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
    if (!Recognition) return;
    const speak = $("speak");
    speak.hidden = false;
    let recognition = null;
    speak.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      recognition = new Recognition();
      recognition.lang = "zh-CN";
      recognition.interimResults = false;
      recognition.addEventListener("result", (heard) => {
        const said = Array.from(heard.results).map((r) => r[0].transcript).join("");
        send(said);
      });
      const done = () => { status.textContent = ""; };
      recognition.addEventListener("end", done);
      recognition.addEventListener("error", done);  // no microphone, or not allowed
      status.textContent = texts.listening;
      try { recognition.start(); } catch { done(); }
    });
    const stop = () => { if (recognition) recognition.stop(); recognition = null; };
    speak.addEventListener("pointerup", stop);
    speak.addEventListener("pointerleave", stop);
  }

  // On a shared device: after a quiet while, ask whether someone is still there; clear if not.
  function setUpKiosk() {
    if (!kiosk) return;
    let quiet = null, unanswered = null;
    const ask = $("ask");
    const touched = () => {
      if (!ask.hidden) return;  // only an answer to the question counts now
      clearTimeout(quiet);
      quiet = setTimeout(() => {
        ask.hidden = false;
        $("keep-using").focus();
        unanswered = setTimeout(() => newPerson().then(touched), answerMs);
      }, idleMs);
    };
    for (const kind of ["pointerdown", "keydown", "touchstart"]) {
      document.addEventListener(kind, touched, { capture: true, passive: true });
    }
    $("keep-using").addEventListener("click", () => {
      clearTimeout(unanswered);
      ask.hidden = true;
      touched();
    });
    $("ask-new-person").addEventListener("click", () => {
      clearTimeout(unanswered);
      newPerson().then(touched);
    });
    touched();
  }

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    send(words.value);
  });
  words.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send(words.value);
    }
  });
  $("larger").addEventListener("click", () => {
    setLarger(!document.documentElement.classList.contains("larger"));
  });
  $("auto-read").addEventListener("click", () => setAutoRead(!autoRead()));
  $("new-person").addEventListener("click", newPerson);

  setLarger(localStorage.getItem(KEYS.larger) === "1");
  setAutoRead(autoRead());
  setUpSpeech();
  setUpKiosk();
  const kept = localStorage.getItem(KEYS.conversation);
  if (kept && ID_FORM.test(kept)) {
    conversation = kept;
    restored = true;
    poll(0);
  } else {
    start();
  }
})();

/* Help for every reader on the phone: easy-read mode with pictograms, read-aloud, dictation, and
 * acronyms explained on tap. Speech uses the browser's own engines; the app sends nothing anywhere
 * but to its own server. Text always goes in the page as text (lit-html bindings), never as HTML. */
import { html, nothing } from "../vendor/lit-html/lit-html.js";
import { config, t } from "./live.js";

// -- easy-read (FALC) mode: remembered on the device ---------------------------------------------
const EASY_KEY = "clts:easy-read";

function readEasy() {
  try {
    return localStorage.getItem(EASY_KEY) === "1";
  } catch (e) {
    return false;
  }
}

let easy = readEasy();
document.documentElement.classList.toggle("easy-read", easy);
const easyListeners = [];

function setEasy(on) {
  easy = on;
  document.documentElement.classList.toggle("easy-read", on);
  try {
    localStorage.setItem(EASY_KEY, on ? "1" : "0");
  } catch (e) {
    /* private mode: the choice lasts for this page */
  }
  for (const listener of easyListeners) listener(on);
}

/** A decorative pictogram (its meaning is always in the text beside it); shown in easy-read mode. */
function pictoView(name) {
  const src = config.pictos && config.pictos[name];
  return src ? html`<img class="picto" src=${src} alt="" width="32" height="32" loading="lazy" decoding="async">` : nothing;
}

/** The switch: a toggle button with its state in aria-pressed. */
function easySwitch(button) {
  if (!button) return;
  const sync = () => button.setAttribute("aria-pressed", String(easy));
  sync();
  button.addEventListener("click", () => setEasy(!easy));
  easyListeners.push(sync);
}

// -- read-aloud ----------------------------------------------------------------------------------
const synth = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window ? window.speechSynthesis : null;

function voiceFor(lang) {
  const voices = synth.getVoices();
  const prefix = lang.slice(0, 2);
  return voices.find((v) => v.lang === lang) || voices.find((v) => v.lang && v.lang.startsWith(prefix)) || null;
}

function speak(text) {
  if (!synth || !text) return;
  synth.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = config.speech_lang || "fr-FR";
  const voice = voiceFor(utterance.lang);
  if (voice) utterance.voice = voice;
  utterance.rate = easy ? 0.85 : 1;
  synth.speak(utterance);
}

/** A "listen" button reading `text` (or `text()`) aloud; nothing where the browser cannot speak. */
function listenView(text, label) {
  if (!synth) return nothing;
  return html`<button type="button" class="button listen-button" aria-label=${label || t("Écouter")}
    @click=${() => speak(typeof text === "function" ? text() : text)}>${pictoView("listen")}<span class="listen-word"
    aria-hidden="true">${t("Écouter")}</span></button>`;
}

// -- dictation -----------------------------------------------------------------------------------
const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition || null;

/** A microphone button that fills `area` by voice; hidden where the browser has no recognition. */
function dictation(button, area, status) {
  if (!button) return;
  if (!Recognition) {
    button.hidden = true;
    return;
  }
  button.hidden = false;
  let recognition = null;
  const stop = () => {
    if (recognition) recognition.stop();
  };
  const listening = t("Parlez maintenant. Touchez encore le micro pour arrêter.");
  const failed = t("La dictée n'a pas marché. Vous pouvez écrire avec le clavier.");
  const say = (message) => {
    if (status) status.textContent = message;
  };
  // A status line says what is true now: "speak now" ends with listening, the failure with typing.
  const idle = () => {
    recognition = null;
    button.setAttribute("aria-pressed", "false");
    if (status && status.textContent === listening) say("");
  };
  area.addEventListener("input", () => {
    if (status && status.textContent === failed) say("");
  });
  button.addEventListener("click", () => {
    if (recognition) {
      stop();
      return;
    }
    recognition = new Recognition();
    recognition.lang = config.speech_lang || "fr-FR";
    recognition.interimResults = false;
    recognition.continuous = false;
    recognition.onresult = (event) => {
      const heard = Array.from(event.results).filter((r) => r.isFinal).map((r) => r[0].transcript).join(" ").trim();
      if (!heard) return;
      area.value = (area.value.trim() ? area.value.trim() + " " : "") + heard;
      area.dispatchEvent(new Event("input", { bubbles: true }));
    };
    recognition.onerror = () => {
      idle();
      say(failed);
    };
    recognition.onend = idle;
    button.setAttribute("aria-pressed", "true");
    say(listening);
    try {
      recognition.start();
    } catch (e) {
      idle();
    }
  });
}

// -- glossary: acronyms explained on tap ---------------------------------------------------------
const dialog = document.getElementById("glossary-dialog");
let current = null;

function explain(entry, opener) {
  if (!dialog) return;
  current = entry;
  dialog.querySelector("#glossary-term").textContent = entry.term;
  dialog.querySelector("#glossary-explanation").textContent = entry.explanation;
  dialog.returnFocusTo = opener;
  dialog.showModal();
}

if (dialog) {
  dialog.querySelector("#glossary-close").addEventListener("click", () => dialog.close());
  const listen = dialog.querySelector("#glossary-listen");
  if (synth) listen.addEventListener("click", () => current && speak(current.term + ". " + current.explanation));
  else listen.hidden = true;
  dialog.addEventListener("close", () => {
    if (dialog.returnFocusTo && dialog.returnFocusTo.isConnected) dialog.returnFocusTo.focus();
  });
  // A tap outside the box closes it, like the Escape key.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

let cachedKey = null;
let cachedPattern = null;
let cachedEntries = null;

function patternFor(glossary) {
  const key = glossary.map((e) => e.term).join("|");
  if (key !== cachedKey) {
    cachedKey = key;
    cachedEntries = new Map(glossary.map((e) => [e.term, e]));
    const terms = glossary.map((e) => e.term).sort((a, b) => b.length - a.length).map(escapeRegExp);
    // A term stands alone: not inside a longer word. No look-behind (older phones lack it):
    // the character before, if any, is captured in the first group.
    try {
      cachedPattern = terms.length ? new RegExp("(^|[^\\p{L}\\p{N}])(" + terms.join("|") + ")(?![\\p{L}\\p{N}])", "gu") : null;
    } catch (e) {
      cachedPattern = null; // a browser without Unicode classes shows the text as it is
    }
  }
  return cachedPattern;
}

/** Where each glossary term stands alone in `text`: [{start, end, entry}], safe whatever the data. */
function termsIn(text, glossary) {
  const pattern = glossary && glossary.length ? patternFor(glossary) : null;
  if (!pattern || !text) return [];
  const found = [];
  let match;
  pattern.lastIndex = 0;
  while ((match = pattern.exec(text)) !== null) {
    if (!match[2]) { // never loop on an empty match
      pattern.lastIndex += 1;
      continue;
    }
    const start = match.index + match[1].length;
    found.push({ start, end: start + match[2].length, entry: cachedEntries.get(match[2]), term: match[2] });
  }
  return found;
}

/** `text` as lit parts (strings and buttons), each glossary term a button that opens its explanation.
 * Parts are positional, so a push that leaves the text alone keeps a focused term button in place. */
function glossedView(text, glossary) {
  const parts = [];
  let last = 0;
  for (const { start, end, entry, term } of termsIn(text || "", glossary)) {
    if (start > last) parts.push(text.slice(last, start));
    parts.push(html`<button type="button" class="term" aria-haspopup="dialog"
      @click=${(event) => explain(entry, event.currentTarget)}>${term}<span class="visually-hidden"> ${t("(explication)")}</span></button>`);
    last = end;
  }
  if (last < (text || "").length) parts.push(text.slice(last));
  return parts.length ? parts : [text || ""];
}

export const access = {
  get easy() {
    return easy;
  },
  setEasy, easySwitch, onEasyChange: (listener) => easyListeners.push(listener), speak, canSpeak: !!synth, dictation,
  pictoView, listenView, glossedView,
};

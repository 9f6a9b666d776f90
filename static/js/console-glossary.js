/* The console's glossary editor: one acronym per line, "SIGLE : explication". Phones explain these
 * acronyms on tap (static/js/access.js); saving sends `glossary.update` (docs/protocol.md). */
import { t, tn } from "./live.js";

export function glossaryEditor(live) {
  const $ = (id) => document.getElementById(id);
  const area = $("glossary-text");
  const status = $("glossary-status");
  let dirty = false;

  area.addEventListener("input", () => {
    dirty = true;
  });

  function asText(entries) {
    return entries.map((e) => e.term + " : " + e.explanation).join("\n");
  }

  function parse(text) {
    return text.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
      const colon = line.indexOf(":");
      return colon < 0 ? { term: line, explanation: "" }
        : { term: line.slice(0, colon).trim(), explanation: line.slice(colon + 1).trim() };
    });
  }

  $("glossary-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    const ack = await live.request("glossary.update", { entries: parse(area.value) });
    if (ack.ok) {
      dirty = false;
      live.store.glossary = ack.entries;
      area.value = asText(ack.entries);
      status.textContent = tn(ack.entries.length, t("Glossaire enregistré : %(n)s sigle."), t("Glossaire enregistré : %(n)s sigles."));
    } else {
      status.textContent = ack.error.message;
    }
  });

  return {
    render(store) {
      if (!dirty && document.activeElement !== area) area.value = asText(store.glossary);
    },
  };
}

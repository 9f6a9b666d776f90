/* The join page: the easy-read switch and read-aloud are here too, for whoever reads with
 * difficulty meets this page first. No connection: the page is a plain form. */
import { render } from "../vendor/lit-html/lit-html.js";
import { t } from "./live.js";
import { access } from "./access.js";

access.easySwitch(document.getElementById("easy-read"));

/** What is read aloud: the workshop, then the three easy steps in easy-read, else the form's hints. */
function spoken() {
  const parts = [document.querySelector("h1").textContent];
  const source = access.easy ? "#join-easy li" : ".lead, .join-form label, .join-form legend";
  for (const node of document.querySelectorAll(source)) parts.push(node.textContent.trim());
  return parts.filter(Boolean).join(". ");
}

render(access.listenView(spoken, t("Écouter la page")), document.getElementById("join-listen"));

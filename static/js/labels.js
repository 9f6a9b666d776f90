/* Words for the codes the server sends (card and release statuses, audited actions): one wording,
 * from the server's catalogue (clts_forum/vocabulary.py, rendered into the page config in the
 * page's language), so no screen shows a raw code or its own synonym. */
import { config, t } from "./live.js";

const catalogue = config.labels || { statuses: {}, releases: {}, actions: {} };

/** A card's status ("pending" → "En attente de validation"). */
export function statusLabel(status) {
  return catalogue.statuses[status] || "";
}

/** A group's proposal to share cards with the room ("proposed" → "Proposé, en attente de confirmation"). */
export function releaseLabel(status) {
  return catalogue.releases[status] || "";
}

/** An audited action ("turn.start" → "Parole donnée"); an unknown code reads "Action", never the code. */
export function actionLabel(code) {
  return catalogue.actions[code] || t("Action");
}

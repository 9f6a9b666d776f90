"""One wording for every code a screen shows: each audited action, card status and release status
has a label in the server's catalogue, in French and in English, and the live pages carry them."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from babel.messages.pofile import read_po
from flask_babel import refresh

from tests.helpers import link_token
from clts_forum.vocabulary import AUDIT_ACTIONS, CARD_STATUS_LABELS, CARD_STATUSES, RELEASE_STATUS_LABELS

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def recorded_actions() -> set[str]:
    """Every action code passed to `audit.record(actor, action, …)` anywhere in the application,
    including both branches of a conditional (`"workshop.share" if on else "workshop.unshare"`)."""
    codes = set()
    for path in (ROOT / "clts_forum").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "record"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit"):
                action = node.args[1] if len(node.args) > 1 else next(k.value for k in node.keywords if k.arg == "action")
                found = [n.value for n in ast.walk(action) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
                assert found, f"{path.name}:{node.lineno}: the action is not a literal code; name it in the call"
                codes.update(found)
    return codes


def english() -> dict[str, str]:
    with CATALOGUE.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if isinstance(m.id, str) and m.id}


def test_every_audited_action_has_a_label_in_french_and_english():
    codes = recorded_actions()
    assert len(codes) > 30  # the scan found the calls
    missing = sorted(codes - AUDIT_ACTIONS.keys())
    assert not missing, f"audited actions without a label in vocabulary.AUDIT_ACTIONS: {missing}"
    translations = english()
    for code in codes:
        french = AUDIT_ACTIONS[code]._args[0]
        assert french and "." not in french, code
        assert translations.get(french), f"{code}: no English for {french!r}"


def test_every_status_has_a_label_in_french_and_english():
    translations = english()
    assert set(CARD_STATUS_LABELS) == set(CARD_STATUSES)
    assert set(RELEASE_STATUS_LABELS) == {"proposed", "confirmed", "cancelled"}
    for label in [*CARD_STATUS_LABELS.values(), *RELEASE_STATUS_LABELS.values()]:
        assert translations.get(label._args[0]), label._args[0]


def _page_config(html: str) -> dict:
    return json.loads(re.search(r'id="page-config">(.*?)</script>', html, re.S).group(1))


def test_the_console_carries_the_labels_in_its_language(client, workshop):
    refresh()
    config = _page_config(client.get(f"/f/{link_token(workshop, 'facilitator')}?lang=en").text)
    assert config["labels"]["actions"]["turn.start"] == "Floor given"
    assert config["labels"]["statuses"]["pending"] == "Waiting for approval"
    assert config["labels"]["releases"]["confirmed"] == "Shared with the room"

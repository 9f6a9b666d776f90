"""The longest text the rules accept, written in ordinary French, fits in one Socket.IO message.

The server cuts off a connection that sends more than 16 kB (tests/test_message_size.py), so every
field's length limit must leave room for it: the facilitator's synthesis, the glossary, a long
evaluation. The phone or console also checks the size before sending (static/js/live.js), for the
rare text written mostly in emoji, and says so instead of sending.
"""
from __future__ import annotations

import json

import pytest

from clts_forum import MAX_SOCKET_MESSAGE
from clts_forum.services import cards, evaluation, glossary, releases, synthesis

# Accents, curly apostrophes and guillemets: about 1.1 bytes per character, as phones type French.
FRENCH = "Quand on arrive à l’accueil, on ne sait pas à qui s’adresser : « revenez demain », nous dit-on.\n"
CARD_ID = 1_234_567  # ids as a workshop that ran for years would have
CLIENT_ID = "0f8e2c5a-9b1d-4e7f-a3c6-52d4e1b0c9f7"


def french(length: int) -> str:
    return (FRENCH * (length // len(FRENCH) + 1))[:length]


def packet(event: str, data: dict) -> bytes:
    """What socket.io-client sends: `42<ack id>` then JSON.stringify([event, data])."""
    return ("42999999" + json.dumps([event, data], ensure_ascii=False, separators=(",", ":"))).encode()


def longest_payloads(max_card_length: int) -> dict[str, dict]:
    card_text = french(max_card_length)
    return {
        "card.create": {"client_id": CLIENT_ID, "kind": "track", "text": card_text, "text_easy": french(1000),
                        "consent_quote": True, "links": [CARD_ID] * cards.MAX_LINKS},
        "card.edit": {"id": CARD_ID, "text": card_text, "consent_quote": True},
        "card.scribe": {"client_id": CLIENT_ID, "pseudonym": french(40), "kind": "perception", "text": card_text,
                        "consent_quote": True},
        "card.reword": {"id": CARD_ID, "text": french(2000)},
        "release.propose": {"step_id": CARD_ID, "summary": french(2000), "card_ids": [CARD_ID] * releases.MAX_CARDS},
        "step.update": {"id": CARD_ID, "title": french(200), "prompt": french(2000), "prompt_easy": french(1000),
                        "duration_minutes": 120, "rules": {"visibility": "hidden_until_reveal", "sealed": True,
                                                           "anonymous": True, "positions": True}},
        "synthesis.draft": {"text": french(synthesis.MAX_TEXT),
                            "source_card_ids": [CARD_ID + n for n in range(synthesis.MAX_SOURCES)]},
        "synthesis.decide": {"version": 12, "decision": "changes", "comment": french(2000)},
        "evaluation.configure": {"questions": [{"kind": "text", "text": french(300), "text_easy": french(300)}
                                               for _ in range(evaluation.MAX_QUESTIONS)]},
        "evaluation.submit": {"answers": {str(CARD_ID + n): french(1000) for n in range(evaluation.MAX_QUESTIONS)}},
        "glossary.update": {"entries": [{"term": f"SIGLE{n:07d}", "explanation": french(glossary.MAX_EXPLANATION)}
                                        for n in range(glossary.MAX_ENTRIES)]},
    }


@pytest.mark.parametrize("event", sorted(longest_payloads(1000)))
def test_the_longest_accepted_text_fits_in_one_message(app, event):
    size = len(packet(event, longest_payloads(app.config["MAX_CARD_LENGTH"])[event]))
    assert size <= MAX_SOCKET_MESSAGE * 0.95, f"{event}: {size} bytes, the limit is {MAX_SOCKET_MESSAGE}"


def test_french_here_is_as_heavy_as_typed_french():
    assert 1.05 < len(FRENCH.encode()) / len(FRENCH) < 1.2

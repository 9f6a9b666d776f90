"""Share of voice: the board counts only the cards it may show (never a sealed room's), the console every
card in play, and both counts follow every card change, not only the speaker queue's."""
from __future__ import annotations

from clts_forum.services import participants, throttle, workshops

from helpers import drain, link_token


def ack(client, event, data=None):
    return client.emit(event, data or {}, callback=True)


def cards_per_group(share: dict) -> dict[str, int]:
    return {group: figures["cards"] for group, figures in share.items()}


def test_the_board_counts_only_what_it_shows_and_follows_every_card_change(app, connect):
    sealed = workshops.create_workshop(title="Croisement", template="croisement")
    people = {name: participants.join(sealed, pseudonym=name, category=category) for name, category in
              [("Awa", "personne_accompagnee"), ("Bruno", "professionnel")]}
    phones = {name: connect(p.token) for name, p in people.items()}
    board, console = connect(link_token(sealed, "board")), connect(link_token(sealed, "facilitator"))
    referent = connect(link_token(sealed, "referent", "experience"))
    peer = next(s for s in sealed.steps if s.kind == "peer_groups")
    assert ack(console, "step.goto", {"step_id": peer.id, "from_step_id": None})["ok"]

    secret = ack(phones["Awa"], "card.create", {"client_id": "sealed-00001", "kind": "perception",
                                                "text": "Entre nous"})["card"]
    ack(phones["Awa"], "card.create", {"client_id": "sealed-00002", "kind": "perception", "text": "Encore"})
    ack(phones["Bruno"], "card.create", {"client_id": "sealed-00003", "kind": "perception", "text": "Côté pro"})
    for client in (board, console):
        drain(client)
    throttle.flush_now()
    board_push = drain(board)["share.changed"][-1]["share"]
    console_push = drain(console)["share.changed"][-1]["share"]
    assert cards_per_group(board_push) == {"experience": 0, "practice": 0, "research": 0}
    assert cards_per_group(console_push) == {"experience": 2, "practice": 1, "research": 0}
    assert cards_per_group(ack(board, "workshop.state")["state"]["queue"]["share"])["experience"] == 0
    assert cards_per_group(ack(console, "workshop.state")["state"]["queue"]["share"])["experience"] == 2

    # the group brings one card to the plenary: the board counts it, at once, without any hand raised
    release = ack(phones["Awa"], "release.propose", {"summary": "Notre résumé", "card_ids": [secret["id"]]})
    assert release["ok"], release
    assert ack(referent, "release.confirm", {"id": release["release"]["id"]})["ok"]
    throttle.flush_now()
    board_push = drain(board)["share.changed"][-1]["share"]
    assert board_push["experience"]["cards"] == 2  # the released card and the group's summary
    assert drain(console)["share.changed"][-1]["share"]["experience"]["cards"] == 3

    # hiding a shown card lowers both counts
    assert ack(console, "card.moderate", {"id": secret["id"], "action": "hide"})["ok"]
    throttle.flush_now()
    assert drain(board)["share.changed"][-1]["share"]["experience"]["cards"] == 1
    assert drain(console)["share.changed"][-1]["share"]["experience"]["cards"] == 2

"""The shared XSS corpus, and a workshop that holds its payloads in every text field.

Stored through the services, as a room would type them. Used by the browser test
(e2e/test_xss_corpus.py: no payload runs on any page) and by the export test (test_xss_exports.py:
every format prints them as typed). Call inside an application context.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from clts_forum.models import Card, Participant, Reword, Theme, Workshop

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "xss"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus/xss")

# one respondent category per peer group, so that the evaluation has answers in each
RESPONDENT_CATEGORIES = ("personne_accompagnee", "professionnel", "chercheur")


def corpus() -> list[str]:
    """Every distinct non-blank line of the corpus files."""
    lines = []
    for path in sorted(CORPUS.glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return list(dict.fromkeys(lines))


def shown_as(text: str) -> str:
    """What a reader sees: the stored text, whitespace collapsed (as HTML and textContent do)."""
    return " ".join(text.split())


def readable(payloads: list[str], every: int = 25) -> list[str]:
    """A spread of printable ASCII payloads: what any renderer and text extractor must give back exactly."""
    return [p for p in payloads if p.isascii() and p.isprintable() and len(p) < 200][::every]


@dataclass
class Answered:
    """An evaluation configured with payload questions, and every payload in a free-text answer."""
    questions: list[str]  # as stored
    answers: list[tuple[str, str]]  # as stored, with the respondent's peer group


@dataclass
class Stored:
    workshop: Workshop
    authors: list[Participant]
    cards: list[Card]  # one perception per payload, in corpus order
    questions: list[Card]
    rewords: list[Reword]
    themes: list[Theme]
    evaluation: Answered


def one_per_line(payloads: list[str], limit: int) -> list[str]:
    """The payloads one per line, in as few texts of at most `limit` characters as hold them."""
    texts: list[str] = []
    for payload in (p[:limit] for p in payloads):
        if texts and len(texts[-1]) + 1 + len(payload) <= limit:
            texts[-1] += "\n" + payload
        else:
            texts.append(payload)
    return texts


def answer_evaluation(workshop: Workshop, payloads: list[str], questions: list[str]) -> Answered:
    """Move to the evaluation step (answers are accepted there only), put `questions` in the
    questionnaire (the first on a 1–5 scale, the others free text), and have respondents from every
    peer group answer with all the payloads, one per line: a dozen respondents hold the corpus."""
    from clts_forum.actors import link_actor, participant_actor
    from clts_forum.services import evaluation, participants, steps, workshops

    facilitator = link_actor(workshops.active_link(workshop, "facilitator"))
    step = next(s for s in workshop.steps if s.kind == "evaluation")
    steps.goto(facilitator, step_id=step.id, from_step_id=workshop.current_step_id)
    kinds = ["scale"] + ["text"] * (len(questions) - 1)
    scale, *free = evaluation.configure(facilitator, {"questions": [
        {"kind": kind, "text": text[:300], "text_easy": text[:300]} for kind, text in zip(kinds, questions)]})
    texts = one_per_line(payloads, limit=950)  # under the answer's 1,000 characters, once normalised
    for n, start in enumerate(range(0, len(texts), len(free))):
        category = RESPONDENT_CATEGORIES[n % len(RESPONDENT_CATEGORIES)]
        respondent = participants.join(workshop, pseudonym=f"Avis {n}", category=category)
        evaluation.submit(participant_actor(respondent), {"answers": {
            str(scale.id): n % 5 + 1, **{str(q.id): text for q, text in zip(free, texts[start:start + len(free)])}}})
    found = evaluation.results(workshop.id)
    return Answered(questions=[q["text"] for q in found["questions"]],
                    answers=[(text, group) for q in found["questions"] if q["kind"] == "text"
                             for group, data in q["groups"].items() for text in data["texts"]])


def store_everywhere(payloads: list[str]) -> Stored:
    """One workshop holding every payload in every text field the services accept, left at its
    perceptions step; its evaluation was answered on the way."""
    from clts_forum.actors import link_actor, participant_actor
    from clts_forum.services import cards, moderation, participants, steps, synthesis, themes, workshops

    workshop = workshops.create_workshop(title=payloads[0][:200], theme=payloads[1][:300], place=payloads[2][:200],
                                         organiser_name=payloads[3][:200], territory=payloads[4][:200],
                                         facilitation_team=payloads[5][:300])
    facilitator = link_actor(workshops.active_link(workshop, "facilitator"))
    perceptions = next(s for s in workshop.steps if s.kind == "perceptions")
    steps.update(facilitator, {"id": perceptions.id, "prompt": "\n".join(payloads[:20])[:2000]})
    steps.goto(facilitator, step_id=perceptions.id, from_step_id=None)
    authors = []
    for n, payload in enumerate(payloads):
        pseudonym = f"{n} {payload}"[:40]
        try:
            authors.append(participants.join(workshop, pseudonym=pseudonym, category="personne_accompagnee",
                                             quote_by_default=True))
        except Exception:  # a pseudonym that normalises to one already taken
            continue
    posted = []
    for n, payload in enumerate(payloads):
        author = participant_actor(authors[n % len(authors)])
        posted.append(cards.create(author, {"client_id": uuid.uuid4().hex, "kind": "perception",
                                            "text": payload[:1000], "consent_quote": True})[0])
    questions = [cards.create(facilitator, {"client_id": uuid.uuid4().hex, "kind": "question",
                                            "text": payload[:1000]})[0]
                 for payload in payloads[:15]]  # questions to the room
    rewords = []  # proposed rewordings of cards
    for card, payload in zip(posted[:15], reversed(payloads)):
        if payload[:2000].strip() and payload[:2000].strip() != card.text:
            rewords.append(moderation.propose_reword(facilitator, {"id": card.id, "text": payload[:2000]}))
    made = []
    for payload in payloads[:40]:
        try:
            made.append(themes.create(facilitator, {"name": payload[:80]}))
        except Exception:
            continue
    synthesis.draft(facilitator, {"text": "\n".join(payloads[:30])[:4000]})
    marked = [p for p in readable(payloads) if "<" in p]
    answered = answer_evaluation(workshop, payloads, marked[:8])
    steps.goto(facilitator, step_id=perceptions.id, from_step_id=workshop.current_step_id)
    return Stored(workshop=workshop, authors=authors, cards=posted, questions=questions, rewords=rewords,
                  themes=made, evaluation=answered)

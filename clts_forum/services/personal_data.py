"""Spotting what looks like personal data in a card, so a moderator reads it before the room does.

Heuristics, tuned to French: they flag for a human, they decide nothing. A false alarm costs a
moderator a glance; a miss may expose someone to their own social worker.
"""
from __future__ import annotations

import re

PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)33[\s.-]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
STREET_WORDS = r"rue|avenue|av\.|bd|boulevard|chemin|impasse|allée|allee|place|quai|route|cours|square|résidence|residence|cité|cite"
ADDRESS = re.compile(rf"\b\d{{1,4}}\s*(?:bis|ter)?,?\s+(?:{STREET_WORDS})\b", re.IGNORECASE)
POSTCODE_CITY = re.compile(r"\b(?:0[1-9]|[1-8]\d|9[0-5]|2[AB])\d{3}\s+[A-ZÉÈ][\w-]+")
CIVILITY_NAME = re.compile(r"\b(?:M\.|Mme|Mlle|Madame|Monsieur|Mademoiselle|Dr|Docteur|Maître|Me)\s+[A-ZÉÈÊÀÂÎÔÛÇ][\w'-]+")
# A capitalised first name followed by a capitalised (or upper-case) surname, not at a sentence start.
FIRST_NAMES = {
    "alain", "alice", "amandine", "anne", "antoine", "aurélie", "bernard", "camille", "catherine", "céline",
    "chantal", "christine", "claire", "claude", "david", "dominique", "élodie", "emma", "éric", "fatima",
    "françois", "françoise", "frédéric", "gérard", "hélène", "isabelle", "jacques", "jean", "jérôme", "julie",
    "julien", "karim", "laurent", "léa", "louis", "lucas", "marie", "martine", "michel", "mohamed", "nadia",
    "nathalie", "nicolas", "olivier", "patrick", "paul", "philippe", "pierre", "sandrine", "sophie", "stéphane",
    "sylvie", "thomas", "valérie", "véronique", "yasmina", "sarah", "samir", "rachid", "kevin", "manon",
}
FULL_NAME = re.compile(r"\b([A-ZÉÈÊÀÂÎÔÛÇ][a-zéèêëàâîïôöûüç]+(?:-[A-ZÉÈ][a-zéèêëàâîïôöûüç]+)?)\s+([A-ZÉÈÊÀÂÎÔÛÇ][A-Za-zÉÈÊÀÂÎÔÛÇéèêëàâîïôöûüç'-]{1,})")

KINDS = ("phone", "email", "address", "name")


def detect(text: str) -> list[str]:
    """The kinds of personal data `text` seems to contain, in a stable order."""
    found = set()
    if PHONE.search(text):
        found.add("phone")
    if EMAIL.search(text):
        found.add("email")
    if ADDRESS.search(text) or POSTCODE_CITY.search(text):
        found.add("address")
    if CIVILITY_NAME.search(text) or any(m.group(1).lower() in FIRST_NAMES for m in FULL_NAME.finditer(text)):
        found.add("name")
    return [kind for kind in KINDS if kind in found]

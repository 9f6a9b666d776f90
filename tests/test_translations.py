"""The English catalogue is complete, and pages and scripts speak the chosen language."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from flask_babel import refresh

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle)


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = _catalogue()
    untranslated = [m.id for m in catalogue if m.id and not all(text for _source, text in _forms(m))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not untranslated, f"{len(untranslated)} untranslated message(s): {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy message(s): {fuzzy[:10]}"


def _forms(message) -> list[tuple[str, str]]:
    """(source, translation) pairs: one for a message, one per form for a plural (its last source form
    stands for every plural translation)."""
    if isinstance(message.id, str):
        return [(message.id, message.string)]
    return [(message.id[min(n, len(message.id) - 1)], text) for n, text in enumerate(message.string)]


def test_translations_keep_every_placeholder():
    wrong = [source for m in _catalogue() if m.id for source, text in _forms(m)
             if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))]
    assert not wrong, wrong


def test_catalogue_holds_every_string_of_the_sources(tmp_path):
    """A string added to Python, a template or a script without updating the catalogue fails here."""
    template = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-o", str(template), "."], cwd=ROOT, check=True, capture_output=True)
    with template.open("rb") as handle:
        sources = {m.id for m in read_po(handle) if m.id}
    missing = sources - {m.id for m in _catalogue() if m.id}
    assert not missing, ("strings missing from translations/en (run pybabel extract + update, see README): "
                         f"{sorted(missing)[:10]}")


def _get(client, url: str, language: str):
    refresh()  # the test app keeps one app context, where Flask-Babel caches the locale
    return client.get(url, headers={"Accept-Language": language})


def test_script_strings_reach_the_page_in_english(app):
    from clts_forum.views.pages import script_strings

    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()
        english = script_strings("en")
    assert english["Je demande la parole"] == "I want to speak"
    assert english["Connecté"] == "Connected"
    assert "Entrer dans l'atelier" not in english  # a template string, not a script's
    assert script_strings("fr") == {}


def test_pages_follow_accept_language_and_the_switch(client, workshop):
    french = _get(client, f"/j/{workshop.join_code}", "fr-FR,fr;q=0.9")
    assert "Entrer dans l'atelier" in french.text and '<html lang="fr">' in french.text
    english = _get(client, f"/j/{workshop.join_code}", "en-GB,en;q=0.9")
    assert "Enter the workshop" in english.text and '<html lang="en">' in english.text
    assert "Entrer dans" not in english.text
    switched = _get(client, f"/j/{workshop.join_code}?lang=fr", "en-GB")
    assert "Entrer dans l'atelier" in switched.text
    assert "lang=fr" in switched.headers["Set-Cookie"]
    remembered = _get(client, f"/j/{workshop.join_code}", "en-GB")
    assert "Entrer dans l'atelier" in remembered.text  # the cookie wins over the browser's language


def test_the_phone_page_hands_its_script_the_english_strings_and_voice(client, workshop):
    import json
    import re

    refresh()
    client.post(f"/j/{workshop.join_code}", data={"pseudonym": "Bob", "category": "personne_accompagnee",
                                                  "followed_here": "no"})
    page = _get(client, f"/j/{workshop.join_code}", "en-GB,en;q=0.9").text
    config = json.loads(re.search(r'id="page-config">(.*?)</script>', page, re.S).group(1))
    assert config["locale"] == "en" and config["speech_lang"] == "en-GB"
    assert config["strings"]["Je demande la parole"] == "I want to speak"
    assert all(url.startswith("/static/img/pictos/") and "?v=" in url for url in config["pictos"].values())
    assert '<a class="lang-switch" href="?lang=fr" hreflang="fr" lang="fr">Français</a>' in page
    french = _get(client, f"/j/{workshop.join_code}?lang=fr", "en-GB").text
    config = json.loads(re.search(r'id="page-config">(.*?)</script>', french, re.S).group(1))
    assert config["strings"] == {} and config["speech_lang"] == "fr-FR"

"""What browser tests share: devices, Chromium's flags, screenshots, and the gestures of each role."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import Page, expect

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "fr-FR"}
BOARD = {"viewport": {"width": 1920, "height": 1080}, "locale": "fr-FR"}
LAPTOP = {"viewport": {"width": 1440, "height": 900}, "locale": "fr-FR"}
# Chromium in a sandbox with no network: no background traffic, no first-run, no GPU.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def screenshot(page: Page, name: str) -> None:
    """Saved under tests/e2e/screenshots/ (git-ignored) to be looked at, not compared."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), animations="disabled")


def join(open_page, code: str, pseudonym: str, category: str = "Personne accompagnée",
         followed: str = "Non") -> Page:
    """A phone opens the join link, fills the form and lands on the live page."""
    phone = open_page(f"/j/{code}")
    phone.get_by_label("Votre prénom ou un pseudonyme").fill(pseudonym)
    phone.get_by_label(category, exact=True).check()
    phone.get_by_label(followed, exact=True).check()
    phone.get_by_role("button", name="Entrer dans l'atelier").click()
    expect(phone.locator("#connection")).to_have_text("Connecté")
    return phone


def move_to(console: Page, button_name: str, title: str) -> None:
    """One click to choose, one click to confirm: the console never moves the room by accident."""
    console.get_by_role("button", name=button_name).click()
    expect(console.get_by_text(f"Passer à « {title} » pour toute la salle ?")).to_be_visible()
    console.get_by_role("button", name="Confirmer").click()
    expect(console.locator("#steps li.current")).to_contain_text(title)


def post(phone: Page, text: str) -> None:
    phone.locator("#card-text").fill(text)  # its label follows the kind being written (idea, question…)
    phone.get_by_role("button", name="Envoyer").click()

"""Command-line helpers: `flask demo`, `flask create-organiser`, `flask import-workshop`, `flask purge-expired`."""
from __future__ import annotations

import json
from datetime import date

import click
from flask import Flask, current_app, url_for

from .extensions import db
from .models import Workshop
from .services import ServiceError, organisers, retention, workshops
from .vocabulary import GROUP_SHORT

DEMO_TITLE = "Festival du CLTS (démonstration)"


def print_workshop_links(workshop: Workshop) -> None:
    from .views.secretariat import role_urls

    with current_app.test_request_context():
        urls = role_urls(workshop)
        setup = None if organisers.any_exists() else current_app.config["PUBLIC_URL"] + url_for("auth.setup")
    click.echo(f"\n  Atelier « {workshop.title} » — code {workshop.join_code}")
    click.echo(f"  Participants (téléphones) : {urls['join']}")
    click.echo(f"  Écran projeté             : {urls['board']}")
    click.echo(f"  Console d'animation       : {urls['facilitator']}")
    for group, url in urls["referents"].items():
        click.echo(f"  {'Référent·e ' + str(GROUP_SHORT[group]).lower():<26}: {url}")
    if setup:
        click.echo(f"  Premier compte organisateur : {setup}")
    click.echo("")


def register_cli(app: Flask) -> None:
    @app.cli.command("demo")
    def demo() -> None:
        """Create the demo workshop (once) and print how to get in."""
        workshop = db.session.scalar(db.select(Workshop).filter_by(title=DEMO_TITLE))
        if workshop is None:
            workshop = workshops.create_workshop(
                title=DEMO_TITLE, theme="Comment améliorer l'accueil dans les services sociaux ?",
                when=date.today(), place="Maison des associations", organiser_name="CLTS (démonstration)")
        print_workshop_links(workshop)

    @app.cli.command("create-organiser")
    @click.option("--name", prompt="Nom")
    @click.option("--email", prompt="Adresse e-mail")
    @click.password_option(prompt="Mot de passe (12 caractères au moins)")
    def create_organiser(name: str, email: str, password: str) -> None:
        """Create an organiser account (passwords are hashed)."""
        try:
            organisers.create(name=name, email=email, password=password)
        except ServiceError as refusal:
            raise click.ClickException(refusal.message)
        click.echo(f"Compte créé pour {email}.")

    @app.cli.command("import-workshop")
    @click.argument("archive_file", type=click.File("rb"))
    def import_workshop(archive_file) -> None:
        """Restore a workshop from its JSON archive (schema clts_forum.workshop/1)."""
        from .exports import archive

        try:
            data = json.loads(archive_file.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise click.ClickException(f"Archive illisible : {error}")
        try:
            workshop = archive.restore(data)
        except ServiceError as refusal:
            raise click.ClickException(str(refusal.message))
        click.echo(f"Atelier importé : « {workshop.title} » (n° {workshop.id}, code {workshop.join_code}).")

    @app.cli.command("purge-expired")
    def purge_expired() -> None:
        """Purge participant identities of workshops closed more than RETENTION_DAYS days ago."""
        days = current_app.config["RETENTION_DAYS"]
        purged = retention.purge_expired(days)
        click.echo(f"{len(purged)} atelier(s) purgé(s) (RETENTION_DAYS={days}).")

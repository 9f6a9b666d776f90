"""Command-line helpers: `flask demo`, `flask create-organisation`, `flask create-organiser`,
`flask import-workshop`, `flask purge-expired`."""
from __future__ import annotations

import click
from flask import Flask, current_app, url_for

from .extensions import db
from .models import Organisation, Workshop
from .services import ServiceError, invitations, members, organisations, organisers, retention
from .vocabulary import ACCOUNT_ROLES, GROUP_SHORT


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
        """Create the demo committee (once) and print how to get in."""
        from . import demo as seed

        workshop = seed.festival()
        account, token = seed.admin()
        group = seed.working_group(account)
        print_workshop_links(workshop)
        base = current_app.config["PUBLIC_URL"]
        with current_app.test_request_context():
            click.echo(f"  Groupe de travail « {group.name} » : {len(group.members)} membres, "
                       f"réunion du jour ouverte. Liens personnels (cartes de membre) :")
            for member in group.members[:2]:
                click.echo(f"    {member.display_name:<10}: {base}{url_for('member.home', token=member.token)}")
            if token:
                click.echo(f"  Compte de démonstration (administration, secrétariat), lien à usage unique : "
                           f"{base}{url_for('auth.invitation', token=token)}")
            click.echo(f"  Bilan du mandat : {base}{url_for('bilan.page')}\n")

    @app.cli.command("create-organisation")
    @click.argument("name")
    @click.option("--admin-name", prompt="Nom de l'administrateur·rice")
    @click.option("--admin-email", prompt="Son adresse e-mail")
    @click.option("--time-zone", default=None, help="IANA name, e.g. Europe/Paris (default: TIME_ZONE)")
    def create_organisation(name: str, admin_name: str, admin_email: str, time_zone: str) -> None:
        """Add an organisation to this installation, with its first admin (a one-time link to hand over)."""
        try:
            organisation = organisations.create(name=name, zone=time_zone)
            account = organisers.create_invited(name=admin_name, email=admin_email, role=organisers.ADMIN,
                                                organisation=organisation)
        except ServiceError as refusal:
            raise click.ClickException(refusal.message)
        token = invitations.issue(account, by=None, days=current_app.config["INVITATION_DAYS"])
        with current_app.test_request_context():
            link = current_app.config["PUBLIC_URL"] + url_for("auth.invitation", token=token)
        click.echo(f"Organisation « {organisation.name} » créée (n° {organisation.id}).")
        click.echo(f"Lien à usage unique pour {admin_email} (choisir son mot de passe) : {link}")

    @app.cli.command("create-organiser")
    @click.option("--name", prompt="Nom")
    @click.option("--email", prompt="Adresse e-mail")
    @click.option("--organisation", "organisation_id", type=int, default=None,
                  help="n° de l'organisation (la première par défaut)")
    @click.option("--role", type=click.Choice(list(ACCOUNT_ROLES)), default=None,
                  help="rôle (administration pour le premier compte d'une organisation, sinon organisation)")
    @click.password_option(prompt="Mot de passe (12 caractères au moins)")
    def create_organiser(name: str, email: str, organisation_id: int | None, role: str | None, password: str) -> None:
        """Create an account (passwords are hashed)."""
        organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
        if organisation_id and organisation is None:
            raise click.ClickException(f"Pas d'organisation n° {organisation_id}.")
        try:
            organisers.create(name=name, email=email, password=password, organisation=organisation, role=role)
        except ServiceError as refusal:
            raise click.ClickException(refusal.message)
        click.echo(f"Compte créé pour {email}.")

    @app.cli.command("import-workshop")
    @click.argument("archive_file", type=click.File("rb"))
    def import_workshop(archive_file) -> None:
        """Restore a workshop from its JSON archive (schema clts_forum.workshop/2, or /1)."""
        from .exports import archive

        try:
            workshop = archive.restore(archive.parse(archive_file.read()))
        except ServiceError as refusal:
            raise click.ClickException(str(refusal.message))
        click.echo(f"Atelier importé : « {workshop.title} » (n° {workshop.id}, code {workshop.join_code}).")

    @app.cli.command("purge-expired")
    def purge_expired() -> None:
        """Purge participant identities of workshops closed more than RETENTION_DAYS days ago, and the rosters
        of working groups whose mandate ended that long ago."""
        days = current_app.config["RETENTION_DAYS"]
        purged = retention.purge_expired(days)
        roster = members.purge_ended_mandates(days)
        click.echo(f"{len(purged)} atelier(s) purgé(s), {roster} membre(s) de groupes effacé(s) "
                   f"(RETENTION_DAYS={days}).")

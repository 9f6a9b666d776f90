"""HTML forms. They carry the CSRF token and the HTML hints; services do the real validation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, EmailField, IntegerField, PasswordField, RadioField, SelectField,
                     SelectMultipleField, StringField, TextAreaField, URLField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional

from .services.programmes import TEMPLATES
from .vocabulary import (ACCOUNT_ROLES, CATEGORIES, EVENT_KINDS, FOLLOWED_ANSWERS, MODERATION_LABELS,
                         PRODUCTION_KINDS)


class CodeForm(FlaskForm):
    code = StringField(_l("Code de l'atelier"), validators=[DataRequired(), Length(max=12)])


class JoinForm(FlaskForm):
    pseudonym = StringField(_l("Votre prénom ou un pseudonyme"), validators=[DataRequired(), Length(max=40)])
    category = RadioField(_l("Vous venez en tant que…"), choices=[SelectChoice(k, v) for k, v in CATEGORIES.items()],
                          validators=[DataRequired()])
    followed_here = RadioField(
        _l("Une personne qui vous suit (travailleur social, responsable) est-elle présente aujourd'hui ?"),
        choices=[SelectChoice(k, v) for k, v in FOLLOWED_ANSWERS.items()], default="unsaid")


class LoginForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), validators=[DataRequired(), Email(check_deliverability=False)])
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired()])


class SetupForm(FlaskForm):
    organisation = StringField(_l("Nom du comité (ex. : CLTS du Doubs)"), default="CLTS",
                               validators=[DataRequired(), Length(max=120)])
    name = StringField(_l("Votre nom"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Adresse e-mail"), validators=[DataRequired(), Email(check_deliverability=False)])
    password = PasswordField(_l("Mot de passe (12 caractères au moins)"), validators=[DataRequired(), Length(min=12)])
    confirm = PasswordField(_l("Confirmez le mot de passe"), validators=[EqualTo("password")])


class WorkshopForm(FlaskForm):
    kind = SelectField(_l("Type d'événement"), default="journee",
                       choices=[SelectChoice(k, EVENT_KINDS[k]) for k in ("journee", "autre")])
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=200)])
    theme = StringField(_l("Thème"), validators=[Length(max=300)])
    date = DateField(_l("Date"), validators=[Optional()])
    place = StringField(_l("Lieu"), validators=[Length(max=200)])
    organiser_name = StringField(_l("Organisateur (CLTS)"), validators=[Length(max=200)])
    territory = StringField(_l("Territoire"), validators=[Length(max=200)])
    facilitation_team = StringField(_l("Équipe d'animation"), validators=[Length(max=300)])
    template = SelectField(_l("Programme"), choices=[SelectChoice(k, v["label"]) for k, v in TEMPLATES.items()])
    moderation = SelectField(_l("Modération"), choices=[SelectChoice(k, v) for k, v in MODERATION_LABELS.items()])


class DuplicateForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=200)])
    date = DateField(_l("Date de la nouvelle séance"), validators=[DataRequired()])


class ModerationRulesForm(FlaskForm):
    text = TextAreaField(_l("Règles de modération (laisser vide pour le texte par défaut)"),
                         validators=[Length(max=3000)])
    easy = TextAreaField(_l("Version facile à lire (laisser vide pour le texte par défaut)"),
                         validators=[Length(max=3000)])


def _choices(mapping: dict) -> list[SelectChoice]:
    return [SelectChoice(key, label) for key, label in mapping.items()]


class PasswordForm(FlaskForm):
    """Setting a password with an invitation link."""
    password = PasswordField(_l("Mot de passe (12 caractères au moins)"), validators=[DataRequired(), Length(min=12)])
    confirm = PasswordField(_l("Confirmez le mot de passe"), validators=[EqualTo("password")])


class ChangePasswordForm(PasswordForm):
    current = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired()])


class InviteForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Adresse e-mail (sert d'identifiant)"),
                       validators=[DataRequired(), Email(check_deliverability=False)])
    role = SelectField(_l("Rôle"), choices=_choices(ACCOUNT_ROLES), default="organiser")


class SettingsForm(FlaskForm):
    name = StringField(_l("Nom du comité"), validators=[DataRequired(), Length(max=120)])
    short_name = StringField(_l("Nom court (pour la phrase du bilan, ex. : CLTSDS)"), validators=[Length(max=40)])
    territory = StringField(_l("Territoire"), validators=[Length(max=200)])
    privacy_contact = StringField(_l("Contact pour les données personnelles"), validators=[Length(max=300)])
    time_zone = StringField(_l("Fuseau horaire"), validators=[DataRequired(), Length(max=64)])
    language = SelectField(_l("Langue par défaut"), choices=[SelectChoice("fr", "Français"),
                                                              SelectChoice("en", "English")])


class RecordEventForm(FlaskForm):
    kind = SelectField(_l("Type d'événement"),
                       choices=[SelectChoice(k, EVENT_KINDS[k]) for k in ("temps_fort", "journee", "autre")])
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=200)])
    date = DateField(_l("Date"), validators=[DataRequired()])
    place = StringField(_l("Lieu"), validators=[Length(max=200)])
    organiser_name = StringField(_l("Organisé par (ex. : réseau régional des CLTS)"), validators=[Length(max=200)])


def attendance_fields(form_class: type) -> type:
    """One number field per category: who went, counted by hand."""
    for key, label in CATEGORIES.items():
        setattr(form_class, f"n_{key}", IntegerField(label, default=0, validators=[Optional(), NumberRange(min=0)]))
    return form_class


attendance_fields(RecordEventForm)


class GroupForm(FlaskForm):
    name = StringField(_l("Nom du groupe"), validators=[DataRequired(), Length(max=200)])
    question = TextAreaField(_l("Sa question"), validators=[Length(max=2000)])
    mandate = SelectField(_l("Mandat"), choices=[], validate_choice=False)
    animators = SelectMultipleField(_l("Animateur·rices"), coerce=int, choices=[], validate_choice=False)


class MemberForm(FlaskForm):
    display_name = StringField(_l("Nom ou pseudonyme (au choix du membre)"), validators=[DataRequired(), Length(max=40)])
    category = SelectField(_l("Catégorie"), choices=_choices(CATEGORIES))
    structure = StringField(_l("Structure (facultatif, ex. : CCAS de Nantes)"), validators=[Length(max=200)])
    joined_on = DateField(_l("Arrivée dans le groupe"), validators=[DataRequired()])
    left_on = DateField(_l("Départ du groupe"), validators=[Optional()])
    consent_listed = BooleanField(_l("Accepte de figurer dans le bilan (nom et structure)"))


class MeetingForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=200)])
    date = DateField(_l("Date"), validators=[Optional()])
    place = StringField(_l("Lieu"), validators=[Length(max=200)])
    template = SelectField(_l("Programme"), choices=[SelectChoice(k, v["label"]) for k, v in TEMPLATES.items()])
    carry_forward = BooleanField(_l("Partir de la réunion précédente (ses pistes ouvertes et sa synthèse)"),
                                 default=True)


class ProductionForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Type"), choices=_choices(PRODUCTION_KINDS))
    produced_on = DateField(_l("Date"), validators=[DataRequired()])
    groups = SelectMultipleField(_l("Groupe(s) de travail"), coerce=int, choices=[], validate_choice=False)
    link = URLField(_l("Lien (facultatif)"), validators=[Length(max=500)])
    document = FileField(_l("Fichier PDF ou Word (facultatif)"))


class ProductionStatusForm(FlaskForm):
    on = DateField(_l("Date"), validators=[DataRequired()])


class MandateForm(FlaskForm):
    number = IntegerField(_l("Numéro"), validators=[DataRequired(), NumberRange(min=1, max=999)])
    starts_on = DateField(_l("Début"), validators=[DataRequired()])
    ends_on = DateField(_l("Fin"), validators=[DataRequired()])

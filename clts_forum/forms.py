"""HTML forms. They carry the CSRF token and the HTML hints; services do the real validation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from .services.programmes import TEMPLATES
from .vocabulary import CATEGORIES, FOLLOWED_ANSWERS


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
    name = StringField(_l("Votre nom"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Adresse e-mail"), validators=[DataRequired(), Email(check_deliverability=False)])
    password = PasswordField(_l("Mot de passe (12 caractères au moins)"), validators=[DataRequired(), Length(min=12)])
    confirm = PasswordField(_l("Confirmez le mot de passe"), validators=[EqualTo("password")])


class WorkshopForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=200)])
    theme = StringField(_l("Thème"), validators=[Length(max=300)])
    date = DateField(_l("Date"), validators=[Optional()])
    place = StringField(_l("Lieu"), validators=[Length(max=200)])
    organiser_name = StringField(_l("Organisateur (CLTS)"), validators=[Length(max=200)])
    territory = StringField(_l("Territoire"), validators=[Length(max=200)])
    facilitation_team = StringField(_l("Équipe d'animation"), validators=[Length(max=300)])
    template = SelectField(_l("Programme"), choices=[SelectChoice(k, v["label"]) for k, v in TEMPLATES.items()])
    moderation = SelectField(_l("Modération"), choices=[
        SelectChoice("post", _l("Publication immédiate, l'animation peut masquer")),
        SelectChoice("pre", _l("Validation par l'animation avant publication"))])


class DuplicateForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=200)])
    date = DateField(_l("Date de la nouvelle séance"), validators=[DataRequired()])


class ModerationRulesForm(FlaskForm):
    text = TextAreaField(_l("Règles de modération (laisser vide pour le texte par défaut)"),
                         validators=[Length(max=3000)])
    easy = TextAreaField(_l("Version facile à lire (laisser vide pour le texte par défaut)"),
                         validators=[Length(max=3000)])

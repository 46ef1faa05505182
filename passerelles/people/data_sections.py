"""« Mes données » as tables: one section per kind of data, each with French column names, a count and an
empty state — the page and the CSV export read the same tables, so that the page never shows less than the
files (and the files never less than the page).

The CSV export is a ZIP of one file per section: UTF-8 with a BOM and ``;`` separators, which a French
spreadsheet opens as is.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.people import personal_data_parts


@dataclass(frozen=True)
class Section:
    key: str  # also the CSV file's name
    title: str
    columns: list[tuple[str, str]]  # (field, French column name)
    rows: list[dict]
    empty: str

    @property
    def count(self) -> int:
        return len(self.rows)

    def table(self) -> list[list[str]]:
        return [[cell(row.get(field)) for field, _label in self.columns] for row in self.rows]


def cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return _("oui")
    if value is False:
        return _("non")
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    return str(value)


L = gettext_lazy
# key, title, columns, empty state; rows come from personal_data() (see rows_for).
LAYOUT = [
    (
        "compte",
        L("Mon compte"),
        [
            ("email", L("Adresse e-mail")),
            ("first_name", L("Prénom")),
            ("last_name", L("Nom")),
            ("date_joined", L("Compte créé le")),
            ("last_login", L("Dernière connexion")),
            ("email_frequency", L("Fréquence des courriels")),
        ],
        L("Aucun compte."),
    ),
    ("roles", L("Mes rôles"), [("role", L("Rôle")), ("organisation", L("Organisation"))], L("Aucun rôle.")),
    (
        "agent",
        L("Ce que le SIRH de mon organisation transmet"),
        [
            ("organisation", L("Organisation")),
            ("matricule", L("Matricule")),
            ("last_name", L("Nom")),
            ("first_name", L("Prénom")),
            ("email", L("Adresse e-mail")),
            ("job_title", L("Poste")),
            ("unit", L("Unité")),
            ("manager", L("Encadrant·e")),
            ("category", L("Catégorie")),
            ("grade", L("Grade")),
            ("status", L("Statut")),
            ("site", L("Site")),
            ("active", L("Actif")),
        ],
        L("Aucune fiche d'agent : ce compte ne vient pas du SIRH."),
    ),
    (
        "profil",
        L("Mon profil"),
        [
            ("visibility", L("Visibilité")),
            ("presentation", L("Présentation")),
            ("wishes", L("Souhaits")),
            ("available", L("Disponible")),
            ("available_percent", L("Part de temps (%)")),
            ("available_from", L("Disponible du")),
            ("available_until", L("Disponible jusqu'au")),
            ("available_days", L("Jours possibles")),
            ("sites", L("Sites")),
            ("max_distance_km", L("Distance acceptée (km)")),
        ],
        L("Aucun profil."),
    ),
    (
        "profil-elements",
        L("Compétences, appétences, langues et habilitations"),
        [
            ("kind", L("Type")),
            ("label", L("Libellé")),
            ("not_used_in_current_job", L("Pas utilisée dans le poste actuel")),
        ],
        L("Aucune compétence ni appétence."),
    ),
    (
        "consultations-du-profil",
        L("Qui a consulté mon profil"),
        [("at", L("Date")), ("by", L("Par")), ("organisation", L("Organisation"))],
        L("Personne."),
    ),
    (
        "recherches",
        L("Recherches enregistrées"),
        [("name", L("Nom")), ("criteria", L("Critères")), ("alert", L("Alerte"))],
        L("Aucune recherche enregistrée."),
    ),
    (
        "favoris",
        L("Missions mises de côté"),
        [("mission", L("Mission")), ("created_at", L("Date"))],
        L("Aucun favori."),
    ),
    (
        "suggestions",
        L("Missions pour lesquelles j'ai été suggéré·e"),
        [("mission", L("Mission")), ("kind", L("Sorte")), ("at", L("Date"))],
        L("Aucune suggestion."),
    ),
    (
        "engagements",
        L("Mes intérêts et engagements"),
        [
            ("mission", L("Mission")),
            ("organisation", L("Organisation")),
            ("state", L("Étape")),
            ("start_date", L("Début")),
            ("end_date", L("Fin")),
            ("time_share_percent", L("Quotité (%)")),
            ("message", L("Mon message")),
            ("withdraw_reason", L("Raison du retrait")),
            ("decline_reason", L("Raison donnée")),
        ],
        L("Aucun."),
    ),
    (
        "historique-des-engagements",
        L("Historique de mes engagements"),
        [
            ("mission", L("Mission")),
            ("at", L("Date")),
            ("by", L("Par")),
            ("step", L("Étape")),
            ("to", L("Vers")),
            ("comment", L("Commentaire")),
        ],
        L("Aucune étape."),
    ),
    (
        "etapes-ecrites",
        L("Mes étapes dans les engagements d'autres personnes"),
        [
            ("engagement", L("Engagement")),
            ("at", L("Date")),
            ("step", L("Étape")),
            ("comment", L("Commentaire")),
        ],
        L("Aucune."),
    ),
    (
        "rencontres",
        L("Rencontres"),
        [
            ("engagement", L("Engagement")),
            ("starts_at", L("Date et heure")),
            ("duration_minutes", L("Durée (minutes)")),
            ("place", L("Lieu")),
            ("visio_url", L("Visioconférence")),
            ("scheduled_by", L("Organisée par")),
            ("agent_continues", L("L'agent continue")),
            ("host_continues", L("L'accueil continue")),
            ("notes", L("Notes")),
            ("cancelled_at", L("Annulée le")),
        ],
        L("Aucune rencontre."),
    ),
    (
        "accords",
        L("Accords"),
        [
            ("engagement", L("Engagement")),
            ("round", L("Tour")),
            ("party", L("Partie")),
            ("decision", L("Décision")),
            ("decided_by", L("Par")),
            ("decided_at", L("Le")),
            ("reason", L("Ma raison")),
        ],
        L("Aucun accord."),
    ),
    (
        "documents",
        L("Documents (description)"),
        [
            ("engagement", L("Engagement")),
            ("document", L("Document")),
            ("version", L("Version")),
            ("created_at", L("Établi le")),
            ("superseded_at", L("Remplacé le")),
            ("sha256", L("Empreinte SHA-256")),
        ],
        L("Aucun document."),
    ),
    (
        "acceptations",
        L("Mes acceptations de documents"),
        [
            ("mission", L("Mission")),
            ("document", L("Document")),
            ("version", L("Version")),
            ("party", L("Partie")),
            ("name", L("Nom")),
            ("accepted_at", L("Acceptée le")),
            ("sha256", L("Empreinte SHA-256")),
        ],
        L("Aucune acceptation."),
    ),
    (
        "points-d-etape",
        L("Mes réponses aux points d'étape"),
        [
            ("mission", L("Mission")),
            ("due_on", L("Point d'étape du")),
            ("party", L("En tant que")),
            ("mood", L("Comment ça se passe")),
            ("workload", L("Charge de travail")),
            ("relationship", L("Relation de travail")),
            ("help_needed", L("Besoin d'aide ou remarque")),
            ("answered_at", L("Répondu le")),
        ],
        L("Aucune réponse."),
    ),
    (
        "evaluations-ecrites",
        L("Évaluations que j'ai remplies"),
        [
            ("engagement", L("Engagement")),
            ("respondent", L("En tant que")),
            ("question", L("Question")),
            ("answer", L("Réponse")),
            ("share_in_passport", L("Points forts dans le passeport")),
            ("submitted_at", L("Remplie le")),
        ],
        L("Aucune évaluation."),
    ),
    (
        "evaluations-a-mon-sujet",
        L("Évaluations de mes missions par d'autres"),
        [
            ("mission", L("Mission")),
            ("respondent", L("Par")),
            ("submitted_at", L("Remplie le")),
            ("note", L("Réponses")),
        ],
        L("Aucune."),
    ),
    (
        "entretiens-de-retour",
        L("Entretiens de retour"),
        [
            ("engagement", L("Engagement")),
            ("held_on", L("Date")),
            ("notes", L("Ce qui change au retour")),
            ("by", L("Par")),
        ],
        L("Aucun entretien de retour."),
    ),
    (
        "recits",
        L("Récits"),
        [
            ("title", L("Titre")),
            ("status", L("Statut")),
            ("audience", L("Qui peut le lire")),
            ("text", L("Récit")),
            ("moderation_comment", L("Commentaire de la RH")),
            ("consent_at", L("Consentement le")),
            ("created_at", L("Écrit le")),
            ("published_at", L("Publié le")),
        ],
        L("Aucun récit."),
    ),
    (
        "temps-passe",
        L("Temps passé en mission"),
        [
            ("mission", L("Mission")),
            ("day", L("Jour")),
            ("half_days", L("Demi-journées")),
            ("note", L("Commentaire")),
        ],
        L("Aucun temps saisi."),
    ),
    (
        "missions-ecrites",
        L("Missions que j'ai écrites"),
        [("title", L("Titre")), ("status", L("Statut")), ("created_at", L("Créée le"))],
        L("Aucune mission."),
    ),
    (
        "notifications",
        L("Notifications"),
        [
            ("created_at", L("Date")),
            ("subject", L("Objet")),
            ("message", L("Message")),
            ("read_at", L("Lue le")),
        ],
        L("Aucune notification."),
    ),
    (
        "courriels",
        L("Courriels de la boîte d'envoi"),
        [
            ("created_at", L("Date")),
            ("subject", L("Objet")),
            ("state", L("État")),
            ("sent_at", L("Envoyé le")),
        ],
        L("Aucun courriel."),
    ),
    (
        "invitations",
        L("Invitations à rejoindre Passerelles"),
        [
            ("organisation", L("Organisation")),
            ("email", L("Adresse")),
            ("state", L("État")),
            ("created_at", L("Envoyée le")),
            ("accepted_at", L("Acceptée le")),
        ],
        L("Aucune invitation."),
    ),
]


def rows_for(data: dict) -> dict[str, list[dict]]:
    """The rows of each section, flattened from ``personal_data()`` (nested lists become sections of their own)."""
    profile = data["profile"] or {}
    return {
        "compte": [data["account"]],
        "roles": data["roles"],
        "agent": [data["agent"]] if data["agent"] else [],
        "profil": [profile] if profile else [],
        "profil-elements": profile.get("tags", []),
        "consultations-du-profil": data["profile_views"],
        "recherches": data["saved_searches"],
        "favoris": data["bookmarks"],
        "suggestions": data["suggestions"],
        "engagements": data["engagements"],
        "historique-des-engagements": [
            {"mission": e["mission"], **step} for e in data["engagements"] for step in e["timeline"]
        ],
        "etapes-ecrites": data["steps_written"],
        "rencontres": data["meetings"],
        "accords": data["agreements"],
        "documents": data["documents"],
        "acceptations": data["acceptances"],
        "points-d-etape": data["checkin_answers"],
        "evaluations-ecrites": [
            {**{k: v for k, v in e.items() if k != "answers"}, **answer}
            for e in data["evaluations_written"]
            for answer in e["answers"]
        ],
        "evaluations-a-mon-sujet": [
            {**e, "note": _("lues par leur auteur·e et la RH seulement")}
            for e in data["evaluations_about_me"]
        ],
        "entretiens-de-retour": data["return_notes"],
        "recits": data["stories"],
        "temps-passe": data["time_entries"],
        "missions-ecrites": data["missions_written"],
        "notifications": data["notifications"],
        "courriels": data["emails"],
        "invitations": data["invitations"],
        **data.get("more", {}),
    }


def data_sections(data: dict) -> list[Section]:
    rows = rows_for(data)
    layout = LAYOUT + [
        (part.key, part.title, part.columns, part.empty) for part in personal_data_parts.PARTS.values()
    ]
    return [
        Section(
            key=key,
            title=str(title),
            columns=[(field, str(label)) for field, label in columns],
            rows=rows[key],
            empty=str(empty),
        )
        for key, title, columns, empty in layout
    ]


def csv_zip(sections: list[Section]) -> bytes:
    """One CSV per section (UTF-8 with BOM, ``;``, French column names), even an empty one: the file list says
    what kinds of data exist."""
    buffer = io.BytesIO()
    # Stored, not compressed: a few kilobytes, and the URL × role isolation test can read the text inside.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for section in sections:
            text = io.StringIO()
            writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
            writer.writerow([label for _field, label in section.columns])
            writer.writerows(section.table())
            archive.writestr(f"{section.key}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()

"""The crisis registry's words: crisis skills and habilitations (compared by the planner, so fixed codes, not
free text), priorities of a need, and how a move came about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CrisisSkill(models.TextChoices):
    """What a volunteer can lend a hand at: a need asks for some (a preference of the planner)."""

    RECEPTION = "accueil", _("Accueil du public")
    LOGISTICS = "logistique", _("Logistique, manutention")
    COOKING = "cuisine", _("Cuisine, restauration")
    CLEANING = "entretien", _("Entretien, nettoyage")
    CARE = "soin", _("Aide aux personnes, soin")
    CHILDCARE = "enfance", _("Petite enfance, animation")
    DISTRIBUTION = "distribution", _("Distribution (repas, colis, matériel)")
    DRIVING = "conduite", _("Conduite de véhicule")
    PHONE = "telephone", _("Appels, veille téléphonique")
    ADMIN = "administratif", _("Secrétariat, saisie")
    IT = "informatique", _("Informatique, téléphonie")


class Habilitation(models.TextChoices):
    """A certificate or licence a need may require: the planner never places someone without it."""

    HACCP = "haccp", _("Hygiène alimentaire (HACCP)")
    PSC1 = "psc1", _("Premiers secours (PSC1)")
    SST = "sst", _("Sauveteur secouriste du travail (SST)")
    DRIVING_B = "permis_b", _("Permis B")
    DRIVING_C = "permis_c", _("Permis C (poids lourd)")
    CACES = "caces", _("CACES (engins de manutention)")
    CARE_DIPLOMA = "diplome_soin", _("Diplôme de soin (aide-soignant·e, infirmier·e)")
    CHILDCARE_DIPLOMA = "diplome_enfance", _("Diplôme petite enfance (CAP AEPE, auxiliaire)")
    ELECTRICAL = "habilitation_electrique", _("Habilitation électrique")


class Priority(models.IntegerChoices):
    """How much covering a shift weighs in the plan (the planner's weights, crisis/planner.py)."""

    VITAL = 1, _("Vitale")
    HIGH = 2, _("Importante")
    USEFUL = 3, _("Utile")


class MoveOrigin(models.TextChoices):
    """Each move is recorded as volunteered or requested by the employer (the field says moves were « plus ou
    moins subies »): the lessons-learnt report counts both."""

    VOLUNTEERED = "volunteered", _("Volontaire")
    REQUESTED = "requested", _("À la demande de l'employeur")


class UnitRole(models.TextChoices):
    """What a unit becomes in a scenario of the continuity plan."""

    ESSENTIAL = "essential", _("Essentielle (effectif minimum)")
    CLOSED = "closed", _("Fermée")


class ScenarioKind(models.TextChoices):
    HEATWAVE = "canicule", _("Canicule")
    EPIDEMIC = "epidemie", _("Épidémie, pandémie")
    FLOOD = "inondation", _("Inondation")
    SNOW = "neige", _("Neige, grand froid")
    CYBER = "cyberattaque", _("Cyberattaque")
    OTHER = "autre", _("Autre")


class CrisisStatus(models.TextChoices):
    ACTIVE = "active", _("En cours")
    CLOSED = (
        "closed",
        _("Clôturée"),
    )  # not « Close »: Django's own French catalogue turns that msgid into « Fermer »


class Answer(models.TextChoices):
    """A volunteer's answer to « êtes-vous disponible ? »."""

    ASKED = "asked", _("Demandée")
    AVAILABLE = "available", _("Disponible")
    UNAVAILABLE = "unavailable", _("Indisponible")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publié")
    SUPERSEDED = "superseded", _("Remplacé")

"""The site map: the pages a person can open, by role. Built from the same URL names the navigation and the
dashboard lead to; a page of an organisation is listed once per organisation where the person holds the role.
Only pages without an object in their address are listed (a mission or an engagement is reached from its
list)."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from passerelles.access.models import Role


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    per_organisation: bool = False


@dataclass
class Section:
    title: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)


PUBLIC = [
    Entry(_("Accueil"), "home"),
    Entry(_("Boussole des dispositifs"), "boussole"),
    Entry(_("Récits"), "story_gallery"),
    Entry(_("Données personnelles"), "processing_notice"),
    Entry(_("Déclaration d'accessibilité"), "accessibility_statement"),
    Entry(_("Mentions légales"), "legal_notice"),
    Entry(_("Plan du site"), "site_map"),
]
SIGNED_IN = [
    Entry(_("Tableau de bord"), "dashboard"),
    Entry(_("À faire"), "todo"),
    Entry(_("Notifications"), "notifications"),
    Entry(_("Préférences de notification"), "notification_preferences"),
    Entry(_("Mon compte"), "my_account"),
    Entry(_("Mes données"), "my_data"),
]
BY_ROLE = {
    Role.AGENT: [
        Entry(_("Mon profil"), "my_profile"),
        Entry(_("Missions ouvertes"), "mission_list"),
        Entry(_("Mes favoris"), "my_bookmarks"),
        Entry(_("Mes recherches enregistrées"), "saved_searches"),
        Entry(_("Mes engagements"), "my_engagements"),
        Entry(_("Mon passeport de mobilité"), "passport"),
    ],
    Role.MANAGER: [
        Entry(_("Mon équipe"), "my_team"),
        Entry(_("Calendrier de l'équipe"), "team_calendar"),
    ],
    Role.HOST: [
        Entry(_("Mes missions"), "my_missions"),
        Entry(_("Proposer une mission"), "mission_create"),
    ],
    Role.HR: [
        Entry(_("Organisation"), "organisation_detail", per_organisation=True),
        Entry(_("Engagements"), "organisation_engagements", per_organisation=True),
        Entry(_("Toutes les missions"), "organisation_missions", per_organisation=True),
        Entry(_("Temps passé du mois et exports pour la paie"), "time_entries", per_organisation=True),
        Entry(_("Missions à relire"), "review_queue", per_organisation=True),
        Entry(_("Vivier des volontaires"), "pool", per_organisation=True),
        Entry(_("Annuaire des agents"), "agent_directory", per_organisation=True),
        Entry(_("Dispositifs et programmes"), "organisation_programmes", per_organisation=True),
        Entry(_("Modèles de documents"), "organisation_templates", per_organisation=True),
        Entry(_("Demandes d'effacement"), "erasure_queue", per_organisation=True),
    ],
    Role.SIGNATORY: [
        Entry(_("Organisation"), "organisation_detail", per_organisation=True),
        Entry(_("Programmes et bilans"), "organisation_programmes", per_organisation=True),
        Entry(_("Engagements"), "organisation_engagements", per_organisation=True),
        Entry(_("Toutes les missions"), "organisation_missions", per_organisation=True),
    ],
    Role.NETWORK_COORDINATOR: [
        Entry(_("Organisation"), "organisation_detail", per_organisation=True),
    ],
    Role.ADMIN: [
        Entry(_("Organisation"), "organisation_detail", per_organisation=True),
        Entry(_("Paramètres"), "organisation_settings", per_organisation=True),
        Entry(_("Accès des agents"), "access_list", per_organisation=True),
        Entry(_("Rôles"), "roles_page", per_organisation=True),
        Entry(_("Import des agents"), "import_start", per_organisation=True),
    ],
}


def _links(entries, organisations) -> list[tuple[str, str]]:
    links = []
    for entry in entries:
        if not entry.per_organisation:
            links.append((str(entry.label), reverse(entry.url_name)))
            continue
        for organisation in organisations:
            url = reverse(entry.url_name, kwargs={"org_slug": organisation.slug})
            links.append((f"{entry.label} — {organisation.display_name}", url))
    return links


def site_map(actor) -> list[Section]:
    """The sections this person may open: the public pages, then the signed-in ones, then one per role."""
    from passerelles.organisations.models import Organisation

    sections = [Section(str(_("Pages publiques")), _links(PUBLIC, []))]
    if actor is None or not actor.is_authenticated:
        return sections
    sections.append(Section(str(_("Pour toute personne connectée")), _links(SIGNED_IN, [])))
    for role in actor.roles:
        entries = BY_ROLE.get(role, [])
        organisations = list(Organisation.objects.filter(pk__in=actor.org_ids(role)).order_by("name"))
        if entries:
            sections.append(Section(str(Role(role).label), _links(entries, organisations)))
    return sections

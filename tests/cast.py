"""The fixed cast of the tests: who is who, in which organisation.

``home`` is the organisation the actors belong to, with a network partner. ``outsider`` is another
organisation in another network: every name there contains MARKER, so a page that shows any of its data
is caught by looking for that word.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from passerelles.access.models import Role, RoleMembership
from passerelles.accounts.models import User
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement, Meeting
from passerelles.foundation.calendar_fr import next_working_day
from passerelles.matching.index import index_mission
from passerelles.missions.models import Bookmark, Mission, MissionStatus, Purpose, SavedSearch, Visibility
from passerelles.notifications.models import Notification
from passerelles.organisations.models import (
    Network,
    NetworkMembership,
    Organisation,
    OrganisationKind,
    OrgUnit,
    UnitKind,
    WorkSite,
)
from passerelles.people.models import (
    Agent,
    AgentImport,
    Category,
    EmploymentStatus,
    ErasureRequest,
    Profile,
    ProfileTag,
    ProfileView,
    SirhSync,
    VocabularyEntry,
)
from passerelles.people.models import Visibility as Visibility_

MARKER = "Zorglubie"
PASSWORD = "un-mot-de-passe-solide-42"
# The authenticator app of the people the cast enrols (a base32 TOTP secret, as a phone would store it).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, offset: int = 0) -> str:
    """The code an authenticator app shows now for ``secret`` (``offset`` steps of 30 s later)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD + offset))


def enrol(user, secret: str = TOTP_SECRET) -> None:
    """Give ``user`` an authenticator app and recovery codes, as enrolment does."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)


def make_organisation(name: str, slug: str, kind=OrganisationKind.COMMUNE, **extra) -> Organisation:
    return Organisation.objects.create(name=name, slug=slug, kind=kind, **extra)


def make_agent(
    organisation,
    first_name,
    last_name,
    *,
    unit=None,
    manager=None,
    site=None,
    email=None,
    category=Category.C,
    with_account=True,
    **extra,
) -> Agent:
    email = email or f"{first_name}.{last_name}@{organisation.slug}.test".lower()
    user = (
        User.objects.create_user(email=email, password=PASSWORD, first_name=first_name, last_name=last_name)
        if with_account
        else None
    )
    return Agent.objects.create(
        user=user,
        organisation=organisation,
        unit=unit,
        manager=manager,
        site=site,
        first_name=first_name,
        last_name=last_name,
        email=email,
        category=category,
        status=EmploymentStatus.TITULAIRE,
        job_title=extra.pop("job_title", "Gestionnaire"),
        **extra,
    )


def grant(agent_or_user, organisation, role, *, enrolled=True) -> None:
    """Give a role; a role that requires two-factor sign-in comes with an enrolled authenticator app, as it
    would in real life (``enrolled=False`` for the tests of enrolment itself)."""
    from passerelles.access.models import TWO_FACTOR_ROLES

    user = getattr(agent_or_user, "user", agent_or_user)
    RoleMembership.objects.create(user=user, organisation=organisation, role=role)
    if enrolled and role in TWO_FACTOR_ROLES:
        enrol(user)


@dataclass
class Cast:
    home: Organisation
    partner: Organisation
    outsider: Organisation
    network: Network
    outsider_network: Network
    users: dict[str, User] = field(default_factory=dict)  # one per role, in ``home``
    agents: dict[str, Agent] = field(default_factory=dict)
    outsider_agent: Agent | None = None
    outsider_unit: OrgUnit | None = None
    outsider_mission: object = None
    outsider_engagement: object = None
    outsider_document: object = None
    outsider_checkin: object = None
    outsider_time: object = None
    outsider_story: object = None
    outsider_photo: object = None
    outsider_search: object = None
    outsider_import: object = None
    outsider_tag: object = None
    outsider_erasure: object = None
    outsider_word: object = None
    outsider_message: object = None
    outsider_invitation: object = None
    outsider_membership: object = None
    outsider_call: object = None
    outsider_programme: object = None
    outsider_indicator: object = None
    outsider_crisis: object = None  # issue 17: the outsider's crisis, its need and a volunteer's answer link
    outsider_need: object = None


def build_cast() -> Cast:
    home = make_organisation("Ville d'Alpha", "ville-alpha", theme_colour="#8a1538")
    partner = make_organisation("CCAS d'Alpha", "ccas-alpha", OrganisationKind.CCAS, attached_to=home)
    outsider = make_organisation(f"{MARKER} Métropole", f"{MARKER.lower()}-metropole", OrganisationKind.EPCI)
    network = Network.objects.create(name="Réseau Alpha", slug="reseau-alpha", lead_organisation=home)
    NetworkMembership.objects.create(network=network, organisation=home)
    NetworkMembership.objects.create(network=network, organisation=partner)
    outsider_network = Network.objects.create(
        name=f"Réseau {MARKER}", slug=f"reseau-{MARKER.lower()}", lead_organisation=outsider
    )
    NetworkMembership.objects.create(network=outsider_network, organisation=outsider)

    general = OrgUnit.objects.create(
        organisation=home, name="Direction générale", kind=UnitKind.GENERAL_DIRECTION
    )
    direction = OrgUnit.objects.create(
        organisation=home, parent=general, name="Direction de l'éducation", kind=UnitKind.DIRECTION
    )
    service = OrgUnit.objects.create(organisation=home, parent=direction, name="Service des écoles")
    site = WorkSite.objects.create(organisation=home, name="Hôtel de ville", city="Alpha")

    cast = Cast(
        home=home, partner=partner, outsider=outsider, network=network, outsider_network=outsider_network
    )
    manager = make_agent(home, "Maud", "Encadre", unit=service, site=site, category=Category.A)
    cast.agents["manager"] = manager
    cast.agents["agent"] = make_agent(home, "Paul", "Agent", unit=service, manager=manager, site=site)
    for role, first, last in [
        (Role.HOST, "Hugo", "Accueil"),
        (Role.HR, "Rita", "Ressources"),
        (Role.SIGNATORY, "Sophie", "Signe"),
        (Role.NETWORK_COORDINATOR, "Nadia", "Reseau"),
        (Role.ADMIN, "Adam", "Admin"),
    ]:
        agent = make_agent(home, first, last, unit=direction, site=site, category=Category.A)
        grant(agent, home, role)
        cast.agents[role] = agent
    cast.users = {Role.AGENT: cast.agents["agent"].user, Role.MANAGER: manager.user}
    cast.users.update({role: cast.agents[role].user for role in Role.values if role in cast.agents})

    # The outsider: a full organisation whose every name carries the marker.
    out_direction = OrgUnit.objects.create(
        organisation=outsider, name=f"Direction {MARKER}", kind=UnitKind.DIRECTION
    )
    cast.outsider_unit = OrgUnit.objects.create(
        organisation=outsider, parent=out_direction, name=f"Service {MARKER}"
    )
    out_site = WorkSite.objects.create(organisation=outsider, name=f"Site {MARKER}", city=MARKER)
    out_manager = make_agent(
        outsider, "Zoé", f"{MARKER}chef", unit=cast.outsider_unit, site=out_site, job_title=f"Cheffe {MARKER}"
    )
    cast.outsider_agent = make_agent(
        outsider,
        "Zack",
        f"{MARKER}agent",
        unit=cast.outsider_unit,
        manager=out_manager,
        site=out_site,
        job_title=f"Poste {MARKER}",
        matricule="ZORG01",
    )
    for role in [Role.HR, Role.ADMIN, Role.NETWORK_COORDINATOR, Role.SIGNATORY, Role.HOST]:
        grant(out_manager, outsider, role)
    # a mission published to the outsider's whole network, with someone interested
    cast.outsider_mission = make_mission(
        outsider,
        cast.outsider_unit,
        out_manager,
        title=f"Mission {MARKER}",
        visibility=Visibility.NETWORK,
        description=f"Au service {MARKER}",
        status=MissionStatus.PUBLISHED,
    )
    cast.outsider_engagement = make_engagement(
        cast.outsider_agent, cast.outsider_mission, State.INTEREST, message=f"Message {MARKER}"
    )
    # the outsider agent opened their profile to their network (not ours): we must never see it
    profile = Profile.objects.create(
        agent=cast.outsider_agent,
        visibility=Visibility_.NETWORK,
        presentation=f"Présentation {MARKER}",
        available=True,
    )
    cast.outsider_tag = ProfileTag.objects.create(
        profile=profile, kind="skill", label=f"Savoir {MARKER}", key=MARKER.lower()
    )
    ProfileView.objects.create(agent=cast.outsider_agent, viewer=out_manager.user)
    cast.outsider_erasure = ErasureRequest.objects.create(agent=cast.outsider_agent)
    cast.outsider_word = VocabularyEntry.objects.create(organisation=outsider, label=f"Mot {MARKER}")
    cast.outsider_import = AgentImport.objects.create(
        organisation=outsider,
        uploaded_by=out_manager.user,
        file=ContentFile(b"x", name="x.csv"),
        filename=f"{MARKER}.csv",
        errors=[[2, "nom", MARKER]],
    )
    SirhSync.objects.create(
        organisation=outsider, enabled=True, folder="dehors", last_result=f"Passage {MARKER}"
    )
    cast.outsider_search = SavedSearch.objects.create(
        user=out_manager.user, name=f"Recherche {MARKER}", query="q=x"
    )
    Bookmark.objects.create(user=out_manager.user, mission=cast.outsider_mission)
    Notification.objects.create(user=out_manager.user, subject=f"Notification {MARKER}", message=MARKER)
    from passerelles.outbox.models import OutboxMessage, OutboxState

    cast.outsider_message = OutboxMessage.objects.create(
        organisation=outsider,
        user=out_manager.user,
        to=out_manager.user.email,
        subject=f"Courriel {MARKER}",
        body=MARKER,
        message_id=f"<{MARKER.lower()}@passerelles.test>",
        state=OutboxState.FAILED,
        attempts=1,
        last_error=f"Erreur {MARKER}",
        next_attempt_at=timezone.now() + datetime.timedelta(days=1),
    )
    from passerelles.documents.models import EngagementDocument
    from passerelles.missions.models import Programme

    cast.outsider_mission.programme = Programme.objects.create(
        organisation=outsider,
        name=f"Programme {MARKER}",
        hypothesis=MARKER,
        expires_on=datetime.date(2030, 1, 1),
    )
    cast.outsider_mission.save()
    cast.outsider_programme = cast.outsider_mission.programme
    from passerelles.programmes.models import LogEntry, ProgrammeIndicator

    cast.outsider_indicator = ProgrammeIndicator.objects.create(
        programme=cast.outsider_programme, label=f"Indicateur {MARKER}", metric="manual", target=5
    )
    LogEntry.objects.create(programme=cast.outsider_programme, text=f"Journal {MARKER}")

    from passerelles.followup.models import CheckIn, CheckInAnswer, TimeEntry

    cast.outsider_checkin = CheckIn.objects.create(
        engagement=cast.outsider_engagement, due_on=cast.outsider_engagement.start_date
    )
    CheckInAnswer.objects.create(
        checkin=cast.outsider_checkin,
        party="agent",
        mood="bien",
        workload="ok",
        relationship="ok",
        help_needed=MARKER,
    )
    cast.outsider_time = TimeEntry.objects.create(
        engagement=cast.outsider_engagement, day=cast.outsider_engagement.start_date, half_days=1, note=MARKER
    )
    from passerelles.evaluations.models import Evaluation, ReturnNote

    Evaluation.objects.create(
        engagement=cast.outsider_engagement,
        respondent="agent",
        questions=[{"kind": "text", "text": "Ce qu'il faudrait améliorer."}],
        answers={"0": MARKER},
    )
    ReturnNote.objects.create(
        engagement=cast.outsider_engagement, held_on=datetime.date(2026, 1, 5), notes=MARKER
    )
    from passerelles.stories.models import Story

    cast.outsider_story = Story.objects.create(  # published for its organisation only: never ours to read
        agent=cast.outsider_agent,
        engagement=cast.outsider_engagement,
        title=f"Récit {MARKER}",
        text=MARKER,
        audience="organisation",
        status="published",
        consent_at=timezone.now(),
        published_at=timezone.now(),
    )
    from passerelles.stories.models import StoryPhoto

    # Files whose bytes carry the marker: a view serving them to the wrong person is caught like a page.
    cast.outsider_photo = StoryPhoto.objects.create(
        story=cast.outsider_story,
        image=ContentFile(f"photo {MARKER}".encode(), name="photo.png"),
        alt="Photo",
    )
    outsider.logo = ContentFile(f"logo {MARKER}".encode(), name="logo.png")
    outsider.save(update_fields=["logo"])
    marked = f"Pacte {MARKER}".encode()
    cast.outsider_document = EngagementDocument.objects.create(
        engagement=cast.outsider_engagement,
        kind="pacte",
        version=1,
        context={"intention": MARKER},
        docx=ContentFile(marked, name="pacte.docx"),
        odt=ContentFile(marked, name="pacte.odt"),
        pdf=ContentFile(marked, name="pacte.pdf"),
        sha256="0" * 64,
    )
    # An outsider agent invited by the outsider's HR, and the outsider's roles: never ours to see or touch.
    # (written directly, as invite_agent would, but without an e-mail in the outbox: tests count its rows)
    from passerelles.invitations.models import VALIDITY, Invitation
    from passerelles.invitations.services import token_hash

    invited = make_agent(
        outsider, "Zelda", f"{MARKER}invitee", unit=cast.outsider_unit, matricule="ZORG02", email=None
    )
    invited.user.set_unusable_password()
    invited.user.save(update_fields=["password"])
    cast.outsider_invitation = Invitation.objects.create(
        organisation=outsider,
        user=invited.user,
        agent=invited,
        email=invited.user.email,
        invited_by=out_manager.user,
        token_hash=token_hash(f"jeton-{MARKER}"),
        expires_at=timezone.now() + VALIDITY,
    )
    cast.outsider_membership = RoleMembership.objects.filter(organisation=outsider, role=Role.HR).first()
    # The outsider's agent chose a personne relais, who recorded an interest for them (issue 15), and the
    # outsider's HR sent a call for volunteers: none of it is ours to see, and nobody of ours acts for them.
    from passerelles.callouts.models import CallRecipient, Criterion, VolunteerCall
    from passerelles.people.models import ChosenContact

    ChosenContact.objects.create(agent=cast.outsider_agent, contact=out_manager)
    Engagement.objects.filter(pk=cast.outsider_engagement.pk).update(
        recorded_by=out_manager.user,
        recorded_at=timezone.now(),
        consent_channel="phone",
        consent_note=f"Accord {MARKER}",
    )
    cast.outsider_call = VolunteerCall.objects.create(
        mission=cast.outsider_mission,
        organisation=outsider,
        criterion=Criterion.CATEGORIES,
        categories=["C"],
        message=f"Appel {MARKER}",
        created_by=out_manager.user,
        reached=1,
    )
    CallRecipient.objects.create(
        call=cast.outsider_call, mission=cast.outsider_mission, agent=invited, channel="app"
    )
    _outsider_crisis(cast, out_manager, out_site)
    return cast


def _outsider_crisis(cast, out_manager, out_site) -> None:
    """Issue 17: the outsider's continuity plan, registry, an active crisis with a need and an answer link."""
    from passerelles.crisis.models import (
        Availability,
        ContinuityPlan,
        Crisis,
        CrisisUnit,
        EssentialUnit,
        Need,
        Scenario,
        Volunteer,
    )

    outsider = cast.outsider
    plan = ContinuityPlan.objects.create(organisation=outsider, notes=f"PCA {MARKER}")
    EssentialUnit.objects.create(plan=plan, unit=cast.outsider_unit, minimum_staff=1)
    Scenario.objects.create(plan=plan, name=f"Scénario {MARKER}", description=MARKER)
    volunteer = Volunteer.objects.create(agent=cast.outsider_agent, rather_not_note=f"Note {MARKER}")
    today = timezone.localdate()
    cast.outsider_crisis = Crisis.objects.create(
        name=f"Crise {MARKER}",
        organisation=outsider,
        starts_on=today,
        expected_end=today + datetime.timedelta(days=10),
        activated_by=out_manager.user,
    )
    CrisisUnit.objects.create(crisis=cast.outsider_crisis, unit=cast.outsider_unit, role="essential")
    Availability.objects.create(
        crisis=cast.outsider_crisis, volunteer=volunteer, token=f"jeton-crise-{MARKER}"
    )
    cast.outsider_need = Need.objects.create(
        crisis=cast.outsider_crisis,
        unit=cast.outsider_unit,
        site=out_site,
        title=f"Besoin {MARKER}",
        date=today,
        start_time=datetime.time(8),
        end_time=datetime.time(12),
        posted_by=out_manager.user,
    )


def make_mission(
    organisation, unit, lead, *, title="Mission test", status=MissionStatus.DRAFT, **extra
) -> Mission:
    today = datetime.date.today()
    values = {
        "description": "Aider l'équipe à animer des ateliers.",
        "purpose": Purpose.PROJET,
        "time_share_percent": 20,
        "start_date": today + datetime.timedelta(days=30),
        "end_date": today + datetime.timedelta(days=120),
        "visibility": Visibility.ORGANISATION,
    }
    values.update(extra)
    mission = Mission(
        organisation=organisation,
        host_unit=unit,
        project_lead=lead,
        created_by=lead.user,
        title=title,
        status=status,
        **values,
    )
    if status == MissionStatus.PUBLISHED:
        mission.published_at = timezone.now()
    mission.save()
    index_mission(mission)
    return mission


def make_workshop_mission(cast, **extra) -> Mission:
    """The host's published mission « Ateliers numériques », wanting workshop skills (suggestions, anonymity,
    the docs' promises)."""
    lead = cast.agents["host"]
    values = {"title": "Ateliers numériques", "skills": "animation d'ateliers, numérique", **extra}
    return make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, **values)


def make_engagement(agent, mission, state, **extra) -> Engagement:
    if state == "declined":  # nobody is turned down without a reason (a database constraint)
        extra.setdefault("decline_reason", "La mission est pourvue.")
    return Engagement.objects.create(
        agent=agent,
        mission=mission,
        state=state,
        start_date=mission.start_date,
        end_date=mission.end_date,
        percent=mission.effective_percent,
        **extra,
    )


def working_slot(days: int = 3, hour: int = 10) -> datetime.datetime:
    """A rencontre slot on the first working day at least ``days`` from today (no weekend, no public holiday:
    a slot on those stops the meeting form for a confirmation)."""
    day = next_working_day(timezone.localdate() + datetime.timedelta(days=days))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def meeting_held(engagement) -> None:
    """The rencontre took place: its start moves an hour into the past, and « Je souhaite continuer » opens."""
    Meeting.objects.filter(engagement=engagement).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )


def choose_framework(engagement, by, code="affectation_interne", **changes):
    """HR confirms a framework through the real use case, on what the platform knows of the engagement
    (default: the internal lettre de mission, which adds no party to the platform's usual ones)."""
    from passerelles.frameworks.services import confirm_framework, situation_for

    situation = {**situation_for(engagement), **changes}
    return confirm_framework(engagement=engagement, by=by, code=code, situation=situation)


def sign_pact(engagement, cast):
    """HR writes the pact and its parties accept it, through the real use cases."""
    from passerelles.access.models import Role
    from passerelles.documents.acceptances import accept
    from passerelles.documents.services import accepting_parties, generate

    document = generate(
        engagement=engagement, kind="pacte", by=cast.users[Role.HR], details={"intention": "Essai"}
    )
    users = {
        "agent": engagement.agent.user,
        "manager": cast.users[Role.MANAGER],
        "host": cast.users[Role.HOST],
    }
    for party in accepting_parties(document):
        accept(document=document, party=party, by=users[party])
    return document

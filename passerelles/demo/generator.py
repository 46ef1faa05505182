"""Generate the demo network: four organisations, their organisation charts, agents and demo accounts.

Deterministic (seeded), in one transaction, with bulk inserts so that 100,000 agents take minutes, not
hours. Every generated object gets its creation line in the audit trail, like any other change.
"""

import datetime
import io
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify
from faker import Faker

from passerelles.access.models import Role, RoleMembership
from passerelles.accounts.models import User
from passerelles.demo.access import create_demo_access
from passerelles.demo.accounts import (
    ALL_DEMO_ACCOUNTS,
    DEMO_ACCOUNTS_BY_SLUG,
    DEMO_PASSWORD,
    ORGANISATION_ACCOUNTS,
)
from passerelles.demo.annual_review import create_demo_annual_review
from passerelles.demo.api import create_demo_api
from passerelles.demo.care import create_demo_care
from passerelles.demo.closings import create_demo_closings
from passerelles.demo.cohorts import create_demo_cohorts
from passerelles.demo.commons import create_demo_commons
from passerelles.demo.crisis import create_demo_crisis
from passerelles.demo.crisis_past import create_demo_past_crisis
from passerelles.demo.encounters import create_demo_encounters
from passerelles.demo.facilitation import create_demo_facilitation
from passerelles.demo.field import create_demo_field
from passerelles.demo.insights import create_demo_insights
from passerelles.demo.lists import create_demo_time_entries
from passerelles.demo.missions import create_demo_missions
from passerelles.demo.networks import create_demo_network
from passerelles.demo.parties import create_demo_parties
from passerelles.demo.pooling import create_demo_pooling
from passerelles.demo.profiles import create_demo_profiles
from passerelles.demo.programmes import create_demo_programmes
from passerelles.demo.reach_accounts import create_demo_reach_accounts
from passerelles.demo.reach_calls import create_demo_reach_calls
from passerelles.demo.reach_notifications import create_demo_notification_choices
from passerelles.demo.reach_posters import create_demo_reach_posters
from passerelles.demo.reach_sms import create_demo_sms
from passerelles.demo.reimbursements import create_demo_reimbursements
from passerelles.demo.safety import create_demo_safety
from passerelles.demo.smallhelp import create_demo_small_help
from passerelles.demo.structure import DEFAULT_TOTAL_AGENTS, GRADES, NETWORK, ORGANISATIONS, OrganisationSpec
from passerelles.demo.todo import create_demo_todo
from passerelles.demo.webhooks import create_demo_webhooks
from passerelles.foundation.statistics import refresh_statistics
from passerelles.matching.index import rebuild as rebuild_index
from passerelles.organisations import headcount
from passerelles.organisations.models import (
    Network,
    NetworkMembership,
    Organisation,
    OrgUnit,
    UnitKind,
    WorkSite,
)
from passerelles.people.models import Agent, EmploymentStatus

# Bump whenever generate()'s output changes (new objects, other numbers, another draw): benchmarks cache the
# generated network per version (benchmarks/datasets.py) and would otherwise measure yesterday's data.
GENERATOR_VERSION = 1
REASON = "Réseau de démonstration"
TEAM_SIZE = 12  # direct reports of a proximity manager
STATUS_TITULAIRE_SHARE = 0.78
# The contractuels of a SIRH export, from one draw (the random stream, hence the rest of the demo, is unchanged):
# a third each on a CDI, on a CDD, and with a contract the export does not say (the boussole asks HR).
CONTRACT_STATUSES = [
    EmploymentStatus.CONTRACTUEL_CDI,
    EmploymentStatus.CONTRACTUEL_CDD,
    EmploymentStatus.CONTRACTUEL,
]
FEMALE_SHARE = 0.61  # share of women in the territorial civil service
BATCH = 2000


@dataclass
class Summary:
    organisations: int = 0
    units: int = 0
    agents: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    missions: int = 0
    profiles: int = 0
    seconds: float = 0.0


def database_is_empty() -> bool:
    return not Organisation.objects.exists()


class _Builder:
    """Collects one organisation's agents level by level (managers before their reports)."""

    def __init__(self, rng: random.Random, faker: Faker, spec: OrganisationSpec, organisation, sites, prefix):
        self.rng, self.faker, self.spec = rng, faker, spec
        self.organisation, self.sites, self.prefix = organisation, sites, prefix
        self.counter = 0
        self.emails: set[str] = set()

    def person(self, *, unit, manager, category: str, filiere: str, job_title: str, site) -> Agent:
        self.counter += 1
        female = self.rng.random() < FEMALE_SHARE
        first = self.faker.first_name_female() if female else self.faker.first_name_male()
        last = self.faker.last_name()
        local = f"{slugify(first)}.{slugify(last)}".replace("-", "")
        email, n = f"{local}@{self.spec.slug}.test", 1
        while email in self.emails:
            n += 1
            email = f"{local}{n}@{self.spec.slug}.test"
        self.emails.add(email)
        grades = GRADES[filiere].get(category) or GRADES["administrative"][category]
        return Agent(
            organisation=self.organisation,
            unit=unit,
            manager=manager,
            matricule=f"{self.prefix}{self.counter:06d}",
            first_name=first,
            last_name=last,
            email=email,
            job_title=job_title,
            category=category,
            grade=self.rng.choice(grades),
            status=_status(self.rng.random()),
            site=site,
        )

    def site_for(self, service_name: str):
        """The site whose name shares a meaningful word with the service, else the headquarters."""
        stems = {word[:5] for word in service_name.lower().replace("'", " ").split() if len(word) >= 5}
        stems -= {"servi", "direc", "agent", "techn"}
        matches = [site for site in self.sites if any(stem in site.name.lower() for stem in stems)]
        return self.rng.choice(matches) if matches else self.sites[0]


def _status(draw: float) -> str:
    """Titulaire below the share, else one of the contract statuses, spread evenly over the rest of [0, 1)."""
    if draw < STATUS_TITULAIRE_SHARE:
        return EmploymentStatus.TITULAIRE
    rest = (draw - STATUS_TITULAIRE_SHARE) / (1 - STATUS_TITULAIRE_SHARE)
    return CONTRACT_STATUSES[min(int(rest * len(CONTRACT_STATUSES)), len(CONTRACT_STATUSES) - 1)]


def _save_level(agents: list[Agent]) -> list[Agent]:
    """Insert one level of the hierarchy (with accounts and audit trail) so the next level can point to it."""
    users = [
        User(
            email=agent.email,
            first_name=agent.first_name,
            last_name=agent.last_name,
            password=make_password(None),
        )
        for agent in agents
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    for agent, user in zip(agents, users, strict=True):
        agent.user = user
    Agent.objects.bulk_create(agents, batch_size=BATCH)
    User.history.bulk_history_create(users, batch_size=BATCH, default_change_reason=REASON)
    Agent.history.bulk_history_create(agents, batch_size=BATCH, default_change_reason=REASON)
    return agents


def _split(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` by ``weights`` into integers that add up exactly (largest remainders)."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [math.floor(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _demo_logo(organisation: Organisation, spec: OrganisationSpec) -> None:
    """A small logo drawn on the spot (the theme colour and a white band), for the letterhead of the acts."""
    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 96), spec.theme_colour)
    ImageDraw.Draw(image).rectangle((16, 60, 224, 72), fill="white")
    out = io.BytesIO()
    image.save(out, "PNG")
    organisation.logo.save(f"{spec.slug}.png", ContentFile(out.getvalue()), save=True)


def _create_organisation(spec: OrganisationSpec, attached: dict[str, Organisation]) -> Organisation:
    organisation = Organisation.objects.create(
        name=spec.name,
        short_name=spec.short_name,
        slug=spec.slug,
        kind=spec.kind,
        siret=spec.siret,
        theme_colour=spec.theme_colour,
        attached_to=attached.get(spec.attached_to),
        sso_only=spec.sso_only,
        article=spec.article,
        address=f"{spec.street}\n{spec.postcode} {spec.city}" if spec.street else "",
        city=spec.city,
    )
    _demo_logo(organisation, spec)
    attached[spec.slug] = organisation
    return organisation


def _build_organisation(spec: OrganisationSpec, organisation: Organisation, size: int, rng, faker) -> int:
    """The organisation chart, sites and agents of one organisation; returns the number of units."""
    sites = [
        WorkSite.objects.create(organisation=organisation, name=name, city=spec.city, postcode=spec.postcode)
        for name in spec.sites
    ]
    prefix = "".join(word[0] for word in spec.short_name.upper().split() if word[0].isalpha())[:3]
    builder = _Builder(rng, faker, spec, organisation, sites, prefix)

    general = OrgUnit.objects.create(
        organisation=organisation,
        kind=UnitKind.GENERAL_DIRECTION,
        name="Direction générale des services",
        code="DGS",
    )
    units = [general]
    services = []  # (unit, spec, director-unit)
    for d_index, direction_spec in enumerate(spec.directions, start=1):
        direction = OrgUnit.objects.create(
            organisation=organisation,
            parent=general,
            kind=UnitKind.DIRECTION,
            name=direction_spec.name,
            code=f"D{d_index:02d}",
        )
        units.append(direction)
        for s_index, service_spec in enumerate(direction_spec.services, start=1):
            service = OrgUnit.objects.create(
                organisation=organisation,
                parent=direction,
                kind=UnitKind.SERVICE,
                name=service_spec.name,
                code=f"D{d_index:02d}S{s_index:02d}",
            )
            units.append(service)
            services.append((service, service_spec, direction))

    hq = sites[0]
    title = "Directeur·rice général·e des services" if spec.kind != "ccas" else "Directeur·rice du CCAS"
    dgs = _save_level(
        [
            builder.person(
                unit=general, manager=None, category="A+", filiere="administrative", job_title=title, site=hq
            )
        ]
    )[0]
    directors = {}
    level = []
    for direction in [u for u in units if u.kind == UnitKind.DIRECTION]:
        category = "A+" if rng.random() < 0.3 else "A"
        level.append(
            builder.person(
                unit=direction,
                manager=dgs,
                category=category,
                filiere="administrative",
                job_title=f"Directeur·rice — {direction.name.removeprefix('Direction ')}",
                site=hq,
            )
        )
    for agent in _save_level(level):
        directors[agent.unit_id] = agent

    remaining = max(size - 1 - len(directors) - len(services), 0)
    counts = _split(remaining, [service_spec.weight for _, service_spec, _ in services])
    heads = []
    for service, service_spec, direction in services:
        category = "A" if service_spec.mix[2] >= 0.15 or rng.random() < 0.3 else "B"
        heads.append(
            builder.person(
                unit=service,
                manager=directors[direction.pk],
                category=category,
                filiere=service_spec.filiere,
                job_title=f"Chef·fe de service — {service.name}",
                site=builder.site_for(service.name),
            )
        )
    heads = _save_level(heads)

    # Large services have proximity managers (agents de maîtrise, techniciens) with teams of about a dozen.
    leaders, staff_plan = [], []
    for (service, service_spec, _), count, head in zip(services, counts, heads, strict=True):
        team_count = math.ceil(count / (TEAM_SIZE + 1)) if count > TEAM_SIZE + 3 else 0
        service_leaders = []
        for _ in range(team_count):
            category = "C" if rng.random() < 0.85 else "B"
            service_leaders.append(
                builder.person(
                    unit=service,
                    manager=head,
                    category=category,
                    filiere=service_spec.filiere,
                    job_title=f"Responsable d'équipe — {service.name}",
                    site=builder.site_for(service.name),
                )
            )
        leaders.extend(service_leaders)
        staff_plan.append((service, service_spec, count - team_count, service_leaders or [head]))
    _save_level(leaders)

    staff = []
    for service, service_spec, count, managers in staff_plan:
        for i in range(count):
            category = rng.choices(["C", "B", "A"], weights=service_spec.mix)[0]
            jobs = service_spec.jobs.get(category) or [f"Agent — {service.name}"]
            staff.append(
                builder.person(
                    unit=service,
                    manager=managers[i % len(managers)],
                    category=category,
                    filiere=service_spec.filiere,
                    job_title=rng.choice(jobs),
                    site=builder.site_for(service.name),
                )
            )
            if len(staff) >= BATCH * 5:
                _save_level(staff)
                staff = []
    _save_level(staff)
    return len(units)


def _attach_demo_accounts() -> None:
    """Give each demo account a real person of the network, a known e-mail and the demo password: one per role
    for the main journeys, and each organisation's own HR, signatory and administrator."""
    password = make_password(DEMO_PASSWORD)
    departement = Organisation.objects.get(slug="departement-haute-lisiere")
    ville = Organisation.objects.get(slug="ville-de-belvau")

    used: set[int] = set()

    def pick(*candidates):
        """The first person of the first non-empty candidate list not already given a demo account."""
        for queryset in candidates:
            agent = queryset.exclude(pk__in=used).order_by("pk").first()
            if agent is not None:
                used.add(agent.pk)
                return agent
        raise RuntimeError("Réseau de démonstration trop petit pour y placer les comptes de démonstration.")

    in_departement = Agent.objects.filter(organisation=departement)
    staff = in_departement.filter(reports__isnull=True, manager__isnull=False)
    # A proximity team of the Département (a college's technical staff): its manager and one of its members.
    team_leaders = in_departement.filter(job_title__startswith="Responsable d'équipe", reports__isnull=False)
    manager = pick(
        team_leaders.filter(unit__name="Agents techniques des collèges").distinct(),
        team_leaders.distinct(),
        in_departement.filter(reports__isnull=False, manager__isnull=False).distinct(),
    )
    member = pick(staff.filter(manager=manager, category="C"), staff.filter(manager=manager))
    signatory = pick(in_departement.filter(manager__isnull=True))
    hr = pick(
        staff.filter(unit__name="Service emploi, compétences et formation", category="A"),
        staff.filter(category="A"),
    )
    coordinator = pick(staff.filter(unit__name="Service emploi, compétences et formation"), staff)
    admin = pick(
        staff.filter(unit__name="Service projets et données", category="A"), staff.filter(category="A"), staff
    )
    host = pick(
        Agent.objects.filter(
            organisation=ville, job_title__startswith="Chef·fe de service", unit__name="Médiathèque"
        ),
        Agent.objects.filter(organisation=ville, job_title__startswith="Chef·fe de service"),
    )
    in_ville = Agent.objects.filter(organisation=ville, manager__isnull=False)
    hr_ville = pick(
        in_ville.filter(category="A", unit=host.unit).exclude(pk=host.pk), in_ville.filter(category="A")
    )
    people = {
        "rh-ville": hr_ville,
        "agent": member,
        "encadrant": manager,
        "accueil": host,
        "rh": hr,
        "signataire": signatory,
        "reseau": coordinator,
        "admin": admin,
    }
    # Each organisation's own HR, signatory and administrator, where the journeys above have none.
    for account in ORGANISATION_ACCOUNTS:
        everyone = Agent.objects.filter(organisation__slug=account.organisation)
        staff = everyone.filter(reports__isnull=True, manager__isnull=False)
        in_hr = staff.filter(unit__parent__name="Direction des ressources humaines")
        if account.role == Role.SIGNATORY:  # the DGS, or the CCAS's director
            people[account.slug] = pick(everyone.filter(manager__isnull=True))
        elif account.role == Role.HR:
            people[account.slug] = pick(
                staff.filter(unit__name="Service emploi, compétences et formation", category="A"),
                in_hr,
                staff.filter(unit__name="Service administratif et financier"),
                staff.filter(category="A"),
                staff,
                everyone.filter(manager__isnull=False),
            )
        else:
            people[account.slug] = pick(
                staff.filter(unit__name="Service projets et données", category__in=["A", "B"]),
                in_hr.filter(category__in=["A", "B"]),
                staff.filter(unit__name="Service administratif et financier"),
                staff.filter(category="A"),
                staff,
                everyone.filter(manager__isnull=False),
            )
    titles = {
        "rh": "Référent·e micro-mobilité",
        "rh-ville": "Référent·e micro-mobilité",
        "rh-metropole": "Référent·e micro-mobilité",
        "rh-ccas": "Référent·e micro-mobilité",
        "reseau": "Chargé·e de mission coopérations territoriales",
    }

    for account in ALL_DEMO_ACCOUNTS:
        agent = people[account.slug]
        user = agent.user
        user.email = account.email
        user.password = password
        if account.slug == "admin":
            user.is_staff = user.is_superuser = True  # the platform operator of the demo
        user.save()
        agent.email = account.email
        if account.slug in titles:
            agent.job_title = titles[account.slug]
        agent.save()
        if account.role not in (Role.AGENT, Role.MANAGER):  # those two follow from the organisation chart
            RoleMembership.objects.create(user=user, organisation=agent.organisation, role=account.role)


def _host_asks_hr() -> None:
    """The demo host has already asked the Ville's HR to contact one anonymous suggested profile."""
    from passerelles.matching.queries import suggest_agents
    from passerelles.matching.services import host_asks_hr, host_refs
    from passerelles.missions.models import Mission, MissionStatus

    host = User.objects.get(email=DEMO_ACCOUNTS_BY_SLUG["accueil"].email)
    mission = (
        Mission.objects.filter(project_lead__user=host, status=MissionStatus.PUBLISHED).order_by("pk").first()
    )
    suggestions = suggest_agents(host, mission, for_host=True, limit=1) if mission else []
    if suggestions:
        agent_id = suggestions[0].agent_id
        refs = host_refs(mission=mission, host=host, agent_ids=[agent_id])
        host_asks_hr(mission=mission, token=refs[agent_id], by=host)


def generate(
    total_agents: int = DEFAULT_TOTAL_AGENTS,
    *,
    seed: int = 2026,
    progress: Callable[[str], None] | None = None,
) -> Summary:
    started = time.perf_counter()
    rng = random.Random(seed)
    faker = Faker("fr_FR")
    faker.seed_instance(seed)
    say = progress or (lambda message: None)
    sizes = _split(total_agents, [spec.default_agents for spec in ORGANISATIONS])
    summary = Summary()
    with transaction.atomic():
        organisations: dict[str, Organisation] = {}
        for spec in ORGANISATIONS:
            _create_organisation(spec, organisations)
        signed_on = datetime.date(2026, 1, 15)
        network = Network.objects.create(
            name=NETWORK["name"],
            slug=NETWORK["slug"],
            description=NETWORK["description"],
            lead_organisation=organisations[NETWORK["lead"]],
            agreement_reference=NETWORK["agreement_reference"],
            agreement_signed_on=signed_on,
        )
        for organisation in organisations.values():
            NetworkMembership.objects.create(network=network, organisation=organisation, joined_on=signed_on)
        for spec, size in zip(ORGANISATIONS, sizes, strict=True):
            say(f"{spec.name} : {size} agents…")
            summary.units += _build_organisation(spec, organisations[spec.slug], size, rng, faker)
        _attach_demo_accounts()
        say("Missions et engagements…")
        summary.missions = create_demo_missions(today=datetime.date.today(), seed=seed)
        summary.missions += create_demo_closings(today=datetime.date.today())
        say("À faire de chacun…")
        create_demo_todo(today=datetime.date.today())
        say("Actes entre deux employeurs, association partenaire…")
        create_demo_parties(today=datetime.date.today())
        say("Profils…")
        summary.profiles = create_demo_profiles(seed=seed)
        say("Boîte d'envoi, imports SIRH et refus…")
        create_demo_safety()
        create_demo_sms()
        say("Accès des agents…")
        create_demo_access()
        say("Recherche des missions pour le terrain…")
        summary.missions += create_demo_field(today=datetime.date.today())
        create_demo_reach_posters()  # the Département's feed, widget and board posters
        create_demo_reach_accounts()  # agents without a professional e-mail: letters, SMS
        create_demo_reach_calls()  # issue 15: an interest recorded by phone, a call for volunteers
        create_demo_notification_choices()  # SMS, daily summaries, an English reader (issue 15)
        create_demo_programmes(today=datetime.date.today())  # programmes as tests, in every state (issue 16)
        summary.missions += create_demo_insights(today=datetime.date.today(), seed=seed)  # issue 16
        create_demo_time_entries()  # issue 16: past months in the time entries and payroll exports
        create_demo_crisis(today=datetime.date.today())  # issue 17: plans, registry, « Canicule » ready
        create_demo_past_crisis(today=datetime.date.today())  # issue 17: the past crisis's plan and RETEX
        create_demo_cohorts(today=datetime.date.today())  # issue 18: a cadre cohort in its journey
        create_demo_network(
            today=datetime.date.today()
        )  # issue 18: convention-cadre, shared scheme, curation
        # issue 18: a reimbursement schedule in every state, a waiver
        create_demo_reimbursements(today=datetime.date.today())
        create_demo_pooling(today=datetime.date.today())  # issue 18: a pooled cook, loans nearing their end
        create_demo_facilitation(today=datetime.date.today())  # issue 19: facilitators' pool, host proposal
        create_demo_small_help(today=datetime.date.today())  # issue 19: coups de main, immersions, a return
        create_demo_encounters(today=datetime.date.today())  # issue 19: a café held, a forum open, a draft
        create_demo_api()  # issue 20: the Département's API keys
        create_demo_webhooks()  # issue 20: the Département's endpoint (disabled) and its past deliveries
        create_demo_annual_review()  # issue 20: the demo agent shares their missions, has a calendar link
        create_demo_care(today=datetime.date.today())  # issue 22: plans, supports, reinforcements
        create_demo_commons(today=datetime.date.today())  # issue 22: solidarity days, gifts, a twinning
        say("Index des suggestions…")
        rebuild_index()
        _host_asks_hr()
    summary.organisations = len(organisations)
    summary.by_category = dict(Agent.objects.values_list("category").annotate(n=Count("id")).order_by())
    summary.agents = sum(summary.by_category.values())
    headcount.recount()  # the head counts the organisation and network pages show (issue 21)
    refresh_statistics()  # thousands of rows just arrived: the planner's statistics, fresh (issue 21)
    summary.seconds = time.perf_counter() - started
    return summary

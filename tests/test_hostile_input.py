"""Hostile values into every URL's query string and every form: never a server error, nothing written on refusal.

Every URL pattern is filled with objects the actor may reach (so the views go past their 404s) and requested
by the people who use it, with every query-string and form field name the application reads set to a
hostile value: unicode digits, huge integers, impossible dates, NUL bytes, very long text, markup. A
deterministic sweep tries a fixed list on every URL; Hypothesis then tries random values and URLs.

"Nothing written on refusal": when a POST is refused (a page shown again with errors, or a 4xx answer),
the database received no INSERT, UPDATE or DELETE (but for the session and the rate limits).
"""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passerelles.access.models import Role, RoleMembership
from passerelles.engagements.lifecycle import State
from passerelles.invitations import services as invitations
from passerelles.missions.models import MissionStatus
from tests.cast import make_agent, make_engagement, make_mission
from tests.isolation import cohort_fillers, encounter_fillers, facilitation_fillers
from tests.isolation.checker import FILLERS, fill, iter_routes

# `hostile`: .ci/run runs this sweep on PostgreSQL only, the stricter database (an integer out of range, a NUL
# byte or a date out of range raise there where SQLite stores them); `make test` runs it on SQLite.
pytestmark = [pytest.mark.django_db, pytest.mark.hostile]
ROOT = Path(__file__).resolve().parents[1]
# The deterministic sweep is cut into PARTS tests of a few URLs each (every URL in exactly one), so that the
# suite's workers share it; each part writes its figures there (the totals are their sums).
FIGURES = ROOT / "var" / "test-artifacts" / "hostile-input"
PARTS = 6

HOSTILE = [
    "²",  # a digit for str.isdigit(), not for int()
    "１２",  # full-width digits
    "-1",
    "9223372036854775808",  # 2**63: past every integer column
    "1e309",
    "NaN",
    "0001-01",
    "9999-12",
    "9999-12-31",
    "2026-02-30",
    "",
    "a\x00b",
    "\r\nX-Injected: 1",
    "<script>alert(1)</script>{{ 7*7 }}",
    "../../../etc/passwd",
    "' OR 1=1 --",  # also the plain « not a number »
    "é" * 5000,
]
# Names the views read but do not declare in a form (query strings), found in the code below.
READ_NAMES = re.compile(r"""(?:GET|POST|params|query|data)\.get(?:list)?\(\s*["'](\w+)["']""")
SKIPPED_ROUTES = ("admin/", "__debug__")


def field_names() -> list[str]:
    """Every query-string or form field name the application reads: from the code and from its forms."""
    names = set()
    for path in (ROOT / "passerelles").rglob("*.py"):
        names.update(READ_NAMES.findall(path.read_text()))
    from django import forms

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    import passerelles.urls  # noqa: F401 — imports every views module, hence every form

    for form in subclasses(forms.BaseForm):
        if form.__module__.startswith("passerelles."):
            names.update(getattr(form, "base_fields", {}))
    names.discard("csrfmiddlewaretoken")
    return sorted(names)


def insider_objects(cast) -> dict:
    """URL parameters filled with the actor's own organisation's objects (the views then do real work)."""
    from passerelles.documents.models import EngagementDocument
    from passerelles.followup.models import CheckIn, TimeEntry
    from passerelles.missions.models import SavedSearch
    from passerelles.people.models import AgentImport, ErasureRequest, Profile, ProfileTag, VocabularyEntry
    from passerelles.stories.models import Story

    agent, lead = cast.agents["agent"], cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Renfort")
    engagement = make_engagement(agent, mission, State.AGREEMENTS, agreement_round=1)
    profile, _ = Profile.objects.get_or_create(agent=agent)
    document = EngagementDocument.objects.create(
        engagement=engagement,
        kind="pacte",
        version=1,
        context={},
        docx=ContentFile(b"x", name="p.docx"),
        odt=ContentFile(b"x", name="p.odt"),
        pdf=ContentFile(b"x", name="p.pdf"),
        sha256="0" * 64,
    )
    objects = {
        "org_slug": cast.home.slug,
        "network_slug": cast.network.slug,
        "pk": agent.pk,
        "mission_id": mission.pk,
        "engagement_id": engagement.pk,
        "search_id": SavedSearch.objects.create(user=agent.user, name="s", query="q=x").pk,
        "import_id": AgentImport.objects.create(
            organisation=cast.home,
            uploaded_by=cast.users[Role.HR],
            file=ContentFile(b"x", name="x.csv"),
            filename="x.csv",
        ).pk,
        "tag_id": ProfileTag.objects.create(profile=profile, kind="skill", label="Couture", key="couture").pk,
        "request_id": ErasureRequest.objects.create(agent=cast.agents[Role.SIGNATORY]).pk,
        "entry_id": VocabularyEntry.objects.create(organisation=cast.home, label="Menuiserie").pk,
        "document_id": document.pk,
        "checkin_id": CheckIn.objects.create(engagement=engagement, due_on=engagement.start_date).pk,
        "time_entry_id": TimeEntry.objects.create(
            engagement=engagement, day=engagement.start_date, half_days=1
        ).pk,
        "story_id": Story.objects.create(agent=agent, title="Récit", text="Texte").pk,
        "invitation_id": invitations.invite_agent(
            make_agent(cast.home, "Ines", "Invitee", with_account=False), by=cast.users[Role.HR]
        ).pk,
        "membership_id": RoleMembership.objects.filter(organisation=cast.home, role=Role.ADMIN).first().pk,
    }
    objects.update(crisis_objects(cast, agent))
    objects.update(cohort_fillers.insider_objects(cast, agent))  # issue 18
    objects["scheme_id"] = network_scheme(cast)
    objects.update(pooling_objects(cast, agent))
    objects.update(facilitation_fillers.insider_objects(cast, agent))  # issue 19
    objects.update(encounter_fillers.insider_objects(cast, agent))  # issue 19
    return objects


def network_scheme(cast) -> int:
    """Issue 18: a shared scheme of our network (its take-up page posts to it)."""
    from passerelles.networks.models import SharedScheme

    return SharedScheme.objects.create(
        network=cast.network,
        name="Appui inter-collectivités",
        max_percent=40,
        max_months=12,
        adopted_on=datetime.date(2026, 1, 1),
    ).pk


def pooling_objects(cast, agent) -> dict:
    """Issue 18: our pooled agent (consent given), one site, one slot and a pending replacement request."""
    from django.utils import timezone

    from passerelles.organisations.models import WorkSite
    from passerelles.pooling.models import Assignment, Pool, PoolMember, PoolSite, ReplacementRequest

    today = datetime.date.today()
    pool = Pool.objects.create(
        name="Volant",
        agent=agent,
        organisation=cast.home,
        network=cast.network,
        weekly_cap_minutes=600,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
        consent_at=timezone.now(),
        consent_cap_minutes=600,
    )
    PoolMember.objects.create(pool=pool, organisation=cast.home, cost_share=100)
    site = PoolSite.objects.create(pool=pool, site=WorkSite.objects.filter(organisation=cast.home).first())
    slot = Assignment.objects.create(
        pool=pool,
        site=site,
        weekday=today.weekday(),
        start_time=datetime.time(8),
        end_time=datetime.time(12),
        starts_on=today,
        ends_on=pool.ends_on,
    )
    replacement = ReplacementRequest.objects.create(
        pool=pool,
        site=site,
        date=today,
        start_time=datetime.time(13),
        end_time=datetime.time(15),
        reason="Absence",
    )
    return {"pool_id": pool.pk, "slot_id": slot.pk, "replacement_id": replacement.pk}


def crisis_objects(cast, agent) -> dict:
    """Issue 17: an active crisis of our organisation, one of its needs and a volunteer's answer link."""
    from passerelles.crisis.models import Availability, Crisis, Need, Volunteer

    today = datetime.date.today()
    crisis = Crisis.objects.create(
        name="Canicule",
        organisation=cast.home,
        starts_on=today,
        expected_end=today + datetime.timedelta(days=5),
        activated_by=cast.users[Role.SIGNATORY],
    )
    volunteer = Volunteer.objects.create(agent=agent, skills=["accueil"])
    availability = Availability.objects.create(crisis=crisis, volunteer=volunteer, token="jeton-de-la-maison")
    need = Need.objects.create(
        crisis=crisis,
        unit=agent.unit,
        title="Renfort",
        date=today,
        start_time=datetime.time(8),
        end_time=datetime.time(12),
        posted_by=cast.users[Role.HR],
    )
    return {"crisis_id": crisis.pk, "need_id": need.pk, "token": availability.token}


def own_urls(cast) -> list[str]:
    inside = insider_objects(cast)
    urls = []
    for route in iter_routes():
        if route.route.startswith(SKIPPED_ROUTES):
            continue
        names = set(route.params) | set(re.findall(r"<(?:\w+:)?(\w+)>", route.route))
        values = {name: inside[name] if name in inside else FILLERS[name](cast) for name in names}
        urls.append(fill(route.route, values))
    return urls


# Not multipart: ~200 names in a multipart body cost Django's multipart parser more than most views cost.
FORM_ENCODED = "application/x-www-form-urlencoded"
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)
ALLOWED_WRITES = ("django_session", "passerelles_cache", "account_", "django_tasks", "usersessions_")


def writes(queries) -> list[str]:
    found = []
    for query in queries:
        sql = query["sql"]
        if WRITE.match(sql) and not any(f'"{table}' in sql or f" {table}" in sql for table in ALLOWED_WRITES):
            found.append(sql[:160])
    return found


class Prober:
    """Sends the requests and keeps the figures for docs/securite.md."""

    def __init__(self, cast, names):
        self.names = names
        self.clients = {}
        for label, user in (
            ("rh", cast.users[Role.HR]),
            ("agent", cast.users[Role.AGENT]),
            ("anonyme", None),
        ):
            client = Client()
            if user is not None:
                client.force_login(user)
            self.clients[label] = (client, user)
        self.requests = 0
        self.failures = []
        self.encoded = {}

    def encode(self, value) -> str:
        """Every name set to ``value``, form-encoded once per value: the long values, in ~250 names, make
        megabytes that percent-encoding in Python would otherwise redo for each of thousands of requests (the
        view still decodes every one: that is what is tested)."""
        if value not in self.encoded:
            self.encoded[value] = urlencode(dict.fromkeys(self.names, value))
        return self.encoded[value]

    def send(self, label, method, url, value):
        client, user = self.clients[label]
        if user is not None and "_auth_user_id" not in client.session:
            client.force_login(user)  # a hostile POST to the logout URL logs out
        data = self.encode(value)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            try:
                if method == "get":
                    response = client.get(f"{url}{'&' if '?' in url else '?'}{data}")
                else:  # as a browser posts a form without a file: the body is parsed the same, far faster
                    response = client.post(url, data, content_type=FORM_ENCODED)
            except Exception as error:  # noqa: BLE001 — the test client re-raises the view's exception
                self.failures.append(f"{label} {method.upper()} {url} {value[:30]!r}: {error!r}")
                return
        if response.streaming:  # a file download holds its file open until it is read
            b"".join(response)
        self.requests += 1
        where = f"{label} {method.upper()} {url} {value[:30]!r}"
        if response.status_code >= 500:
            self.failures.append(f"{where}: {response.status_code}")
        refused = response.status_code >= 400 or (method == "post" and response.status_code == 200)
        if refused and method == "post" and (written := writes(queries.captured_queries)):
            self.failures.append(f"{where}: refused ({response.status_code}) but wrote {written}")


@pytest.fixture
def prober(cast):
    names = field_names()
    return Prober(cast, names), own_urls(cast)


def test_the_sweep_knows_the_application(prober):
    """The sweep is not blind: it reaches every page and the field names of the real forms."""
    probe, urls = prober
    assert len(urls) >= 100
    parts = [url for part in range(PARTS) for url in urls[part::PARTS]]
    assert sorted(parts) == sorted(urls)  # the parts of the sweep cover every URL, each once
    for name in ("q", "page", "mois", "organisation", "engagement", "title", "reason", "file"):
        assert name in probe.names, name


@pytest.mark.parametrize("part", range(PARTS))
def test_no_hostile_value_causes_a_server_error_or_a_write_on_refusal(prober, part):
    probe, urls = prober
    urls = urls[part::PARTS]  # one part of the URLs (all of them over the PARTS tests), each on a fresh cast
    for index, url in enumerate(urls):
        for label in probe.clients:
            # HR posts every value to every form (nothing written on a refusal is the costly promise). Every
            # page is read — by HR, the agent and the anonymous visitor — with a quarter of the values in the
            # query string, a different quarter from one URL to the next: each value meets each of them on a
            # quarter of the URLs. The agent (most pages refused or read-only) and the visitor (mostly the
            # login page) post that same quarter.
            reads = HOSTILE[index % 4 :: 4]
            values = HOSTILE if label == "rh" else reads
            for value in values:
                # POST first: a page that creates a row on its first visit must not do it on a refused POST
                probe.send(label, "post", url, value)
                if value in reads:
                    probe.send(label, "get", url, value)
    figures = FIGURES / f"partie-{part + 1}-sur-{PARTS}.json"
    figures.parent.mkdir(parents=True, exist_ok=True)
    figures.write_text(
        json.dumps(
            {
                "date": datetime.date.today().isoformat(),
                "urls": len(urls),
                "field_names": len(probe.names),
                "hostile_values": len(HOSTILE),
                "requests": probe.requests,
                "failures": len(probe.failures),
            }
        )
    )
    assert not probe.failures, f"{len(probe.failures)} failures:\n" + "\n".join(probe.failures[:40])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.data(),
    value=st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
        st.integers().map(str),
        st.dates(min_value=datetime.date(1, 1, 1)).map(lambda d: d.isoformat()[:7]),
        st.sampled_from(HOSTILE),
    ),
    method=st.sampled_from(["get", "post"]),
    label=st.sampled_from(["rh", "agent", "anonyme"]),
)
def test_random_hostile_values_never_cause_a_server_error(prober, data, value, method, label):
    probe, urls = prober
    url = data.draw(st.sampled_from(urls))
    probe.send(label, method, url, value)
    assert not probe.failures, probe.failures

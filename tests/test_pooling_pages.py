"""Pooled agents (issue 18): consent before any rota, the cap and overlaps refused with nothing written, the
cost split, replacement requests reaching the network's coordinator, and who sees what."""

import datetime

import pytest

from passerelles.access.models import Role
from passerelles.notifications.models import Notification
from passerelles.organisations.models import WorkSite
from passerelles.pooling import services
from passerelles.pooling.models import Assignment, Pool, PoolSite, ReplacementRequest, ReplacementStatus
from tests.cast import MARKER, grant, make_agent

pytestmark = pytest.mark.django_db

T = datetime.time


def _monday():
    today = datetime.date.today()
    return today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=7)


@pytest.fixture
def pool(cast):
    """Paul, agent of the Ville d'Alpha, shared between two of its sites within 10 h a week; Maud manages the
    first site; the Ville pays 70 %, its CCAS 30 %."""
    monday = _monday()
    pool = services.pool_create(
        by=cast.users[Role.HR],
        organisation=cast.home,
        name="Agent volant des écoles",
        agent=cast.agents["agent"],
        network=cast.network,
        weekly_cap_minutes=10 * 60,
        starts_on=monday,
        ends_on=monday + datetime.timedelta(weeks=12),
        shares={cast.home.pk: 70, cast.partner.pk: 30},
    )
    school = WorkSite.objects.create(organisation=cast.home, name="École des Tilleuls")
    services.site_add(
        pool=pool,
        by=cast.users[Role.HR],
        site=WorkSite.objects.get(organisation=cast.home, name="Hôtel de ville"),
        manager=cast.agents["manager"],
    )
    services.site_add(pool=pool, by=cast.users[Role.HR], site=school)
    return pool


def _site(pool, name="Hôtel de ville"):
    return PoolSite.objects.get(pool=pool, site__name=name)


def _add(pool, by, weekday=0, start=(8, 0), end=(12, 0), site="Hôtel de ville", **extra):
    return services.assignment_add(
        pool=pool,
        by=by,
        site=_site(pool, site),
        weekday=weekday,
        start=T(*start),
        end=T(*end),
        starts_on=pool.starts_on,
        ends_on=pool.ends_on,
        **extra,
    )


def _consent(pool, cast):
    return services.pool_consent(pool=pool, by=cast.users[Role.AGENT], agree=True)


def test_no_rota_before_the_agents_consent_and_only_the_agent_gives_it(cast, pool):
    with pytest.raises(services.Refused, match="pas encore donné son accord"):
        _add(pool, cast.users[Role.HR])
    assert not Assignment.objects.exists()
    with pytest.raises(services.Refused, match="Seul l'agent"):
        services.pool_consent(pool=pool, by=cast.users[Role.HR], agree=True)
    assert Notification.objects.filter(
        user=cast.users[Role.AGENT], subject__contains="votre accord est demandé"
    ).exists()
    pool = _consent(pool, cast)
    _add(pool, cast.users[Role.HR])
    assert Assignment.objects.count() == 1


def test_raising_the_cap_asks_the_agent_again(cast, pool):
    pool = _consent(pool, cast)
    Pool.objects.filter(pk=pool.pk).update(weekly_cap_minutes=20 * 60)
    pool.refresh_from_db()
    assert not pool.has_consent
    with pytest.raises(services.Refused, match="pas encore donné son accord"):
        _add(pool, cast.users[Role.HR])


def test_the_cap_over_two_sites_is_never_exceeded(cast, pool):
    pool = _consent(pool, cast)
    hr = cast.users[Role.HR]
    _add(pool, hr, weekday=0, start=(8, 0), end=(12, 0))
    _add(pool, hr, weekday=1, start=(8, 0), end=(12, 0), site="École des Tilleuls")  # 8 h of 10
    with pytest.raises(services.Refused, match="au-delà des 10 h par semaine"):
        _add(pool, hr, weekday=2, start=(8, 0), end=(11, 0), site="École des Tilleuls")
    assert Assignment.objects.count() == 2
    _add(pool, hr, weekday=2, start=(8, 0), end=(10, 0))  # exactly 10 h
    assert Assignment.objects.count() == 3


def test_an_overlap_is_refused_in_the_page_with_nothing_written(cast, pool, client_for):
    pool = _consent(pool, cast)
    _add(pool, cast.users[Role.HR], weekday=0, start=(8, 0), end=(12, 0))
    response = client_for(cast.users[Role.HR]).post(
        f"/mutualisations/{pool.pk}/creneaux/nouveau/",
        {
            "site": _site(pool, "École des Tilleuls").pk,
            "weekday": 0,
            "start": "11:00",
            "end": "13:00",
            "starts_on": pool.starts_on.isoformat(),
            "ends_on": pool.ends_on.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "chevauche" in response.content.decode()
    assert Assignment.objects.count() == 1


def test_bad_input_gives_french_errors_and_writes_nothing(cast, pool, client_for):
    pool = _consent(pool, cast)
    client = client_for(cast.users[Role.HR])
    response = client.post(
        f"/mutualisations/{pool.pk}/creneaux/nouveau/",
        {"site": "x", "weekday": 9, "start": "25:00", "end": "", "starts_on": "hier", "ends_on": ""},
    )
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    response = client.post(
        f"/mutualisations/{pool.pk}/creneaux/nouveau/",
        {
            "site": _site(pool).pk,
            "weekday": 0,
            "start": "08:00",
            "end": "09:00",
            "starts_on": (pool.ends_on + datetime.timedelta(days=1)).isoformat(),
            "ends_on": (pool.ends_on + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert "période de la mutualisation" in response.content.decode()
    assert not Assignment.objects.exists()


def test_the_cost_split_sums_to_100_between_members_of_the_network(cast, client_for):
    hr = cast.users[Role.HR]
    common = dict(
        by=hr,
        organisation=cast.home,
        name="x",
        agent=cast.agents["agent"],
        network=cast.network,
        weekly_cap_minutes=600,
        starts_on=_monday(),
        ends_on=_monday() + datetime.timedelta(days=30),
    )
    with pytest.raises(services.Refused, match="100 % au total"):
        services.pool_create(**common, shares={cast.home.pk: 60, cast.partner.pk: 30})
    with pytest.raises(services.Refused, match="membres de son réseau"):
        services.pool_create(**common, shares={cast.home.pk: 50, cast.outsider.pk: 50})
    response = client_for(hr).post(
        f"/organisations/{cast.home.slug}/mutualisations/nouvelle/",
        {
            "name": "Volant",
            "agent_reference": cast.agents["agent"].email,
            "weekly_cap": "17,5",
            "starts_on": _monday().isoformat(),
            "ends_on": (_monday() + datetime.timedelta(days=30)).isoformat(),
            f"share_{cast.home.pk}": 50,
            f"share_{cast.partner.pk}": 40,
        },
    )
    assert response.status_code == 200 and "100 % au total" in response.content.decode()
    assert not Pool.objects.exists()
    response = client_for(hr).post(
        f"/organisations/{cast.home.slug}/mutualisations/nouvelle/",
        {
            "name": "Volant",
            "agent_reference": cast.agents["agent"].email,
            "weekly_cap": "17,5",
            "starts_on": _monday().isoformat(),
            "ends_on": (_monday() + datetime.timedelta(days=30)).isoformat(),
            f"share_{cast.home.pk}": 60,
            f"share_{cast.partner.pk}": 40,
        },
    )
    pool = Pool.objects.get()
    assert response.status_code == 302 and pool.weekly_cap_minutes == 17 * 60 + 30
    assert sorted(pool.members.values_list("cost_share", flat=True)) == [40, 60]


def test_a_replacement_request_reaches_the_coordinator_who_accepts_within_the_rules(cast, pool, client_for):
    pool = _consent(pool, cast)
    _add(pool, cast.users[Role.HR], weekday=0, start=(8, 0), end=(16, 0))  # 8 h of 10
    monday = pool.starts_on
    manager = client_for(cast.users[Role.MANAGER])
    response = manager.post(
        f"/mutualisations/{pool.pk}/remplacements/nouveau/",
        {
            "site": _site(pool).pk,
            "date": (monday + datetime.timedelta(days=2)).isoformat(),
            "start": "08:00",
            "end": "11:00",
            "reason": "Absence",
        },
    )
    assert response.status_code == 302
    replacement = ReplacementRequest.objects.get()
    coordinator = cast.users[Role.NETWORK_COORDINATOR]
    assert Notification.objects.filter(
        user=coordinator, subject__startswith="Demande de remplacement"
    ).exists()
    # 8 h + 3 h > 10 h: the acceptance is refused, nothing written
    response = client_for(coordinator).post(
        f"/mutualisations/{pool.pk}/remplacements/{replacement.pk}/", {"decision": "accept"}
    )
    assert response.status_code == 200 and "au-delà des 10 h" in response.content.decode()
    replacement.refresh_from_db()
    assert replacement.status == ReplacementStatus.PENDING and Assignment.objects.count() == 1
    # a refusal needs its reason
    response = client_for(coordinator).post(
        f"/mutualisations/{pool.pk}/remplacements/{replacement.pk}/", {"decision": "refuse"}
    )
    assert "raison du refus" in response.content.decode()
    Assignment.objects.filter(pool=pool).update(end_time=T(13, 0))  # the rota shrinks to 5 h
    response = client_for(coordinator).post(
        f"/mutualisations/{pool.pk}/remplacements/{replacement.pk}/", {"decision": "accept"}
    )
    replacement.refresh_from_db()
    assert response.status_code == 302 and replacement.status == ReplacementStatus.ACCEPTED
    assert replacement.assignment.starts_on == replacement.assignment.ends_on == replacement.date
    assert Notification.objects.filter(
        user=cast.users[Role.MANAGER], subject__startswith="Remplacement accepté"
    ).exists()


def test_who_sees_and_who_acts(cast, pool, client_for):
    pool = _consent(pool, cast)
    _add(pool, cast.users[Role.HR])
    detail = f"/mutualisations/{pool.pk}/"
    schedule = f"/mutualisations/{pool.pk}/planning/?semaine={pool.starts_on.isoformat()}"
    for role in (Role.AGENT, Role.MANAGER, Role.HR, Role.NETWORK_COORDINATOR):
        client = client_for(cast.users[role])
        assert client.get(detail).status_code == 200, role
        page = client.get(schedule)
        assert page.status_code == 200 and "Hôtel de ville" in page.content.decode(), role
    outsider_hr = make_agent(cast.outsider, "Olga", f"{MARKER}rh")
    grant(outsider_hr, cast.outsider, Role.HR)
    for user in (outsider_hr.user, cast.users[Role.SIGNATORY], cast.users[Role.HOST]):
        assert client_for(user).get(detail).status_code == 404
        assert client_for(user).get(schedule).status_code == 404
    # the agent and the site's manager read, they do not arrange the rota nor decide replacements
    for role in (Role.AGENT, Role.MANAGER):
        assert (
            client_for(cast.users[role]).get(f"/mutualisations/{pool.pk}/creneaux/nouveau/").status_code
            == 403
        )
    replacement = services.replacement_request(
        pool=pool,
        by=cast.users[Role.MANAGER],
        site=_site(pool),
        date=pool.starts_on,
        start=T(13),
        end=T(14),
        reason="Absence",
    )
    assert (
        client_for(cast.users[Role.MANAGER])
        .post(f"/mutualisations/{pool.pk}/remplacements/{replacement.pk}/", {"decision": "accept"})
        .status_code
        == 403
    )
    # a site's manager asks only for their own site
    with pytest.raises(services.Refused):
        services.replacement_request(
            pool=pool,
            by=cast.users[Role.MANAGER],
            site=_site(pool, "École des Tilleuls"),
            date=pool.starts_on,
            start=T(13),
            end=T(14),
            reason="x",
        )
    # only the agent gives consent
    assert (
        client_for(cast.users[Role.HR])
        .post(f"/mutualisations/{pool.pk}/accord/", {"decision": "withdraw"})
        .status_code
        == 403
    )
    response = client_for(cast.users[Role.AGENT]).post(
        f"/mutualisations/{pool.pk}/accord/", {"decision": "withdraw"}
    )
    pool.refresh_from_db()
    assert response.status_code == 302 and not pool.has_consent


def test_removing_a_slot_asks_for_confirmation(cast, pool, client_for):
    pool = _consent(pool, cast)
    slot = _add(pool, cast.users[Role.HR])
    client = client_for(cast.users[Role.HR])
    url = f"/mutualisations/{pool.pk}/creneaux/{slot.pk}/retirer/"
    assert client.get(url).status_code == 200 and Assignment.objects.count() == 1
    assert client.post(url).status_code == 302 and not Assignment.objects.exists()

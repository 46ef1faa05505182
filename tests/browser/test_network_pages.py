"""The pages between administrations (issue 18) on a phone and for assistive technologies: the network's
convention, coordination and shared schemes, the cohort programme and its side-by-side sheet, the pooled cook's
rota and schedule, the deadlines and the reimbursements, each opened on the demo by the role that uses it, at
320 px (never wider than the window; a data table scrolls in its own focusable, named box) and through axe."""

import pytest

from tests.browser.conftest import assert_accessible
from tests.browser.small_screens import dangling_descriptions, overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}
NETWORK = "/reseaux/reseau-lisiere"
DEPARTEMENT = "/organisations/departement-haute-lisiere"


def pages() -> dict[str, list[str]]:
    """By demo login: the pages to open (the demo's own cohort, opportunity, pool and deadline)."""
    from passerelles.cohorts.models import CohortProgramme, Opportunity
    from passerelles.pooling.models import Pool

    cohort = CohortProgramme.objects.order_by("pk").first()
    opportunity = Opportunity.objects.order_by("pk").first()
    pool = Pool.objects.order_by("pk").first()
    assert cohort and opportunity and pool, "the demo shows a cohort, an opportunity and a pool"
    return {
        "reseau": [
            f"{NETWORK}/convention/",
            f"{NETWORK}/coordination/",
            f"{NETWORK}/dispositifs/",
            f"{NETWORK}/tableau-de-bord/",
            "/cohortes/",
            f"/cohortes/{cohort.pk}/",
        ],
        "rh": [
            f"/cohortes/opportunites/{opportunity.pk}/",
            f"/cohortes/opportunites/{opportunity.pk}/fiche/origine/",
            "/mutualisations/",
            f"/mutualisations/{pool.pk}/",
            f"/mutualisations/{pool.pk}/planning/",
            f"{DEPARTEMENT}/echeances/",
            f"{DEPARTEMENT}/remboursements/",
        ],
    }


def test_the_pages_between_administrations_fit_a_phone_and_pass_axe(page, demo_network):
    page.set_viewport_size(PHONE)
    problems = []
    for who, paths in pages().items():
        page.goto(f"/demo/login/{who}/")
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, f"{who} {path}: {response.status}"
            measured = overflow(page)
            if measured["scrollWidth"] > measured["innerWidth"]:
                problems.append(f"{path}: {measured['scrollWidth']} px wide, {measured['culprits']}")
            if measured["unreachable"]:
                problems.append(f"{path}: a box scrolls but is not focusable/named {measured['unreachable']}")
            if dangling := dangling_descriptions(page):
                problems.append(f"{path}: aria-describedby without its element {dangling}")
            assert_accessible(page)
    assert not problems, "\n".join(problems)

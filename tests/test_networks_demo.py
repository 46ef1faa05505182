"""The demo network as an actor (issue 18): a signed convention-cadre with deliberations in every state, a shared
scheme taken up by the Département and the Ville (not the Métropole), curated missions — and the boussole
offering the shared scheme between the two that took it up, never with the Métropole."""

import html

import pytest

from passerelles.demo.generator import generate
from passerelles.networks.models import (
    CurationKind,
    Deliberation,
    FrameworkAgreement,
    MissionCuration,
    SchemeTakeUp,
    SharedScheme,
)
from passerelles.networks.queries import shared_scheme_between
from passerelles.organisations.models import Organisation
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def org(slug):
    return Organisation.objects.get(slug=slug)


def test_the_convention_cadre_is_signed_with_deliberations_in_every_state(demo_network):
    agreement = FrameworkAgreement.objects.get(network__slug="reseau-lisiere")
    with agreement.document.open("rb") as document:
        assert document.read(5) == b"%PDF-"
    assert agreement.signatories.count() == 4
    assert set(Deliberation.objects.values_list("status", flat=True)) == {"a_venir", "votee", "refusee"}


def test_the_scheme_is_taken_up_by_the_departement_and_the_ville_only(demo_network):
    scheme = SharedScheme.objects.get()
    taken = set(SchemeTakeUp.objects.filter(scheme=scheme).values_list("organisation__slug", flat=True))
    assert taken == {"departement-haute-lisiere", "ville-de-belvau"}
    between = shared_scheme_between(org("ville-de-belvau").pk, org("departement-haute-lisiere").pk)
    assert between is not None and between.limits.max_percent == 30  # the Ville is stricter
    assert shared_scheme_between(org("lisiere-metropole").pk, org("departement-haute-lisiere").pk) is None


def test_missions_are_curated_both_ways(demo_network):
    kinds = list(MissionCuration.objects.values_list("kind", flat=True))
    assert kinds.count(CurationKind.FEATURED) == 2 and kinds.count(CurationKind.SET_ASIDE) == 1


@pytest.mark.parametrize(
    ("login", "path", "text"),
    [
        ("reseau", "coordination/", "Mises en avant"),
        ("reseau", "convention/", "Modifier la convention-cadre"),
        ("rh-ville", "convention/", "Enregistrer la délibération de mon organisation"),
        ("rh-ville", "dispositifs/", "Appliqué : 30 %"),
    ],
)
def test_the_demo_logins_see_it_at_once(demo_network, client, settings, login, path, text):
    settings.DEMO = True
    assert client.get(f"/demo/login/{login}/").status_code == 302
    response = client.get(f"/reseaux/reseau-lisiere/{path}")
    assert response.status_code == 200, login
    assert text in html.unescape(response.content.decode())

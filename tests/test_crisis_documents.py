"""The short documents of a published crisis plan (issue 17 §3): written after the publication by a task, a
new version only when an agent's dates or shifts moved, the simplified MAD between two employers, HR's rewrite
by hand and the engagement page."""

import datetime

import pypdfium2 as pdfium
import pytest

from passerelles.access.models import Role
from passerelles.crisis import planner, planning, publication
from passerelles.crisis.models import Crisis
from passerelles.crisis.plan_documents import write_documents
from passerelles.documents import acceptances, content, services
from passerelles.documents.models import EngagementDocument
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.frameworks.models import EngagementFramework
from passerelles.notifications.models import Notification
from passerelles.organisations.models import OrgUnit
from tests.cast import make_agent
from tests.crisis_plan_data import World, no_violation, result

pytestmark = pytest.mark.django_db

D = datetime.timedelta


@pytest.fixture
def world(cast, monkeypatch):
    monkeypatch.setattr(planner, "check", no_violation, raising=False)
    return World(cast)


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish as in production: the documents' task runs once the publication is committed."""

    def run(world, pairs, crisis=None):
        crisis = crisis or world.crisis
        by = world.cast.users[Role.HR]
        instance = planning.build_instance(crisis)
        plan = planning.store_result(crisis=crisis, instance=instance, result=result(pairs), by=by)
        with django_capture_on_commit_callbacks(execute=True):
            publication.publish_plan(plan=plan, by=by)
        plan.refresh_from_db()
        return plan

    return run


def pdf_text(document) -> str:
    with document.pdf.open("rb") as file:
        pdf = pdfium.PdfDocument(file.read())
    return " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def docs(agent):
    return EngagementDocument.objects.filter(engagement__agent=agent).order_by("kind", "version")


def test_publication_writes_the_ordre_de_mission_with_the_shifts(world, publish):
    alice = world.volunteer("Alice", "A")
    need = world.need(start="08:00", end="12:00", place="Salle à manger")
    publish(world, [(alice.pk, need.pk)])
    (document,) = docs(alice.agent)
    assert (document.kind, document.version) == ("lettre_mission", 1)
    assert document.context["titre_document"] == "Ordre de mission de crise"
    assert (
        "de 08:00 à 12:00 — Aide aux repas (EHPAD Les Tilleuls, Salle à manger)"
        in document.context["creneaux"]
    )
    text = " ".join(pdf_text(document).split())
    assert "Ordre de mission de crise" in text and "08:00 à 12:00" in text
    assert "Réaffectation de crise" in text  # the framework
    assert "se retirer d'un créneau à tout moment" in text and "retrouve son service" in text
    # the light path: the agent and HR accept it, the manager is informed and signs nothing
    assert services.accepting_parties(document) == ["agent", "hr"]


def test_one_message_per_agent_naming_the_documents_and_no_a_accepter_flood(world, publish):
    alice, bruno = world.volunteer("Alice", "A"), world.volunteer("Bruno", "B")
    n1, n2 = world.need(), world.need(day=1)
    publish(world, [(alice.pk, n1.pk), (bruno.pk, n2.pk)])
    assert EngagementDocument.objects.filter(engagement__mission__purpose="crise").count() == 2
    assert not Notification.objects.filter(kind="document").exists()  # nobody gets « À accepter : … »
    (message,) = Notification.objects.filter(user=alice.agent.user)
    assert "Ordre de mission de crise" in message.message
    assert not Notification.objects.filter(user=world.boss.user, message__contains="accepter").exists()


def test_republishing_an_unchanged_plan_or_running_the_task_again_writes_nothing(world, publish):
    alice = world.volunteer("Alice", "A")
    need = world.need()
    first = publish(world, [(alice.pk, need.pk)])
    assert write_documents(first) == 0  # the task again: nothing more
    publish(world, [(alice.pk, need.pk)])
    assert list(docs(alice.agent).values_list("version", flat=True)) == [1]


def test_a_replan_that_moves_the_agents_dates_writes_a_new_version(world, publish):
    alice, bruno = world.volunteer("Alice", "A"), world.volunteer("Bruno", "B")
    n1, n2, n3 = world.need(), world.need(day=1), world.need(day=3, title="Distribution d'eau")
    publish(world, [(alice.pk, n1.pk), (bruno.pk, n2.pk)])
    publish(world, [(alice.pk, n1.pk), (alice.pk, n3.pk), (bruno.pk, n2.pk)])
    old, new = docs(alice.agent)
    assert (old.version, new.version) == (1, 2)
    assert old.superseded_at is not None and new.superseded_at is None
    assert new.context["date_fin"] == f"{world.today + D(days=3):%d/%m/%Y}"
    assert "Distribution d'eau" in new.context["creneaux"] and "Distribution" not in old.context["creneaux"]
    assert list(docs(bruno.agent).values_list("version", flat=True)) == [1]  # unchanged: untouched


def test_hr_rewrites_by_hand_an_agent_cannot(world, publish, client_for):
    alice = world.volunteer("Alice", "A")
    publish(world, [(alice.pk, world.need().pk)])
    engagement = Engagement.objects.get(agent=alice.agent)
    assert engagement.state == State.ACTIVE
    with pytest.raises(TransitionRefused, match="Seule la RH"):
        services.generate(engagement=engagement, kind="lettre_mission", by=alice.agent.user)
    url = f"/engagements/{engagement.pk}/documents/"
    assert client_for(alice.agent.user).get(url).status_code == 403
    hr = client_for(world.cast.users[Role.HR])
    page = hr.get(url)
    assert page.status_code == 200 and "Lettre de mission" in page.content.decode()
    response = hr.post(url, {"kind": "lettre_mission"})
    assert response.status_code == 302
    versions = docs(alice.agent)
    assert [d.version for d in versions] == [1, 2]
    assert versions[1].context["creneaux"] == versions[0].context["creneaux"]  # the shifts, read afresh
    assert versions[1].context["titre_document"] == "Ordre de mission de crise"


def test_the_engagement_page_shows_the_documents_to_the_agent_and_to_hr(world, publish, client_for):
    alice = world.volunteer("Alice", "A")
    publish(world, [(alice.pk, world.need().pk)])
    engagement = Engagement.objects.get(agent=alice.agent)
    url = f"/engagements/{engagement.pk}/"
    as_agent = client_for(alice.agent.user).get(url)
    assert as_agent.status_code == 200
    html = as_agent.content.decode()
    assert "Ordre de mission de crise" in html
    assert "J'ai lu et j'accepte : Ordre de mission de crise" in html
    assert f"/engagements/{engagement.pk}/documents/" not in html  # writing is HR's
    as_hr = client_for(world.cast.users[Role.HR]).get(url)
    assert as_hr.status_code == 200
    assert "Ordre de mission de crise" in as_hr.content.decode()
    assert f"/engagements/{engagement.pk}/documents/" in as_hr.content.decode()  # « Établir les documents »
    # the agent accepts it on the engagement under way
    document = docs(alice.agent).get()
    acceptances.accept(document=document, party="agent", by=alice.agent.user)
    assert document.acceptances.filter(party="agent").exists()


def test_a_network_crisis_from_the_ville_to_its_ccas_is_a_simplified_mad(cast, world, publish):
    ccas = cast.partner
    unit = OrgUnit.objects.create(organisation=ccas, name="Résidence autonomie")
    make_agent(ccas, "Carole", "Ccas", unit=unit)
    crisis = Crisis.objects.create(
        name="Canicule du réseau",
        network=cast.network,
        starts_on=world.today,
        expected_end=world.today + D(days=6),
        activated_by=cast.users[Role.SIGNATORY],
    )
    world.crisis = crisis  # the volunteer and the need below: of the network crisis
    alice = world.volunteer("Alice", "Ville")
    need = world.need(unit=unit, day=1, start="14:00", end="18:00", title="Visites de convivialité")
    publish(world, [(alice.pk, need.pk)], crisis=crisis)
    engagement = Engagement.objects.get(agent=alice.agent)
    assert engagement.mission.organisation == ccas
    record = EngagementFramework.objects.get(engagement=engagement)
    assert record.code == "mise_a_disposition"
    assert any(
        "convention simplifiée, pour la durée de la crise" in v for v in record.recommendation["vigilance"]
    )
    (document,) = docs(alice.agent)
    assert document.kind == "convention_mad"
    assert document.context["titre_document"] == "Convention simplifiée de mise à disposition (crise)"
    assert document.context["remboursement"] == content.CRISIS_REIMBURSEMENT
    assert services.accepting_parties(document) == ["hr", "host_hr"]  # both employers, no agent, no manager
    text = " ".join(pdf_text(document).split())
    assert "Convention simplifiée de mise à disposition (crise)" in text
    assert "14:00 à 18:00" in text and "Visites de convivialité" in text
    assert "Pour la durée de la crise" in text and "fin de la crise" in text


def test_the_usual_texts_stay_the_same_outside_a_crisis():
    from passerelles.documents import acts, texts

    assert content.title_for("convention_mad", "mise_a_disposition") == "Convention de mise à disposition"
    assert content.title_for("lettre_mission", "affectation_interne") == "Lettre de mission"
    assert content.blocks_for("convention_mad", "mise_a_disposition")[:3] == acts.CONVENTION_MAD[:3]
    assert content.blocks_for("lettre_mission", "affectation_interne")[1] == texts.LETTRE_MISSION[1]
    crisis = content.blocks_for("convention_mad", "mise_a_disposition", crisis=True)
    assert crisis[0] == acts.CONVENTION_MAD_CRISE[0]
    assert content.title_for("convention_mad", "mise_a_disposition", True).startswith("Convention simplifiée")

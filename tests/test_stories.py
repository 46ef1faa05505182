"""Stories: written with the agent's consent, moderated by HR, visible only to the public the agent chose,
gone everywhere when withdrawn; the mobility passport and its PDF."""

import datetime
import io

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.evaluations.services import questions_for
from passerelles.evaluations.services import submit as evaluate
from passerelles.missions.models import MissionStatus
from passerelles.stories.models import Story, StoryPhoto, StoryStatus
from passerelles.stories.services import moderate, save_draft, submit, withdraw
from tests.cast import grant, make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home,
        lead.unit,
        lead,
        status=MissionStatus.PUBLISHED,
        title="Ateliers numériques",
        skills="animation, numérique",
    )
    engagement = make_engagement(cast.agents["agent"], mission, State.ENDED, agreement_round=1)
    engagement.end_date = datetime.date.today() - datetime.timedelta(days=1)
    engagement.start_date = engagement.end_date - datetime.timedelta(days=60)
    engagement.save()
    return engagement


def published(cast, engagement, audience):
    story = save_draft(
        story=Story(
            agent=engagement.agent,
            engagement=engagement,
            title="Trois mois à la médiathèque",
            text="J'ai appris.",
        ),
        by=cast.users[Role.AGENT],
    )
    submit(story=story, by=cast.users[Role.AGENT], audience=audience, consent=True)
    return moderate(story=story, by=cast.users[Role.HR], publish=True)


def test_nothing_is_published_without_the_agents_consent_and_hrs_reading(cast, ended):
    story = save_draft(  # HR writes it with the agent…
        story=Story(agent=ended.agent, engagement=ended, title="Un récit écrit ensemble", text="Au début…"),
        by=cast.users[Role.HR],
    )
    with pytest.raises(TransitionRefused, match="Seul·e l'agent donne son accord"):
        submit(story=story, by=cast.users[Role.HR], audience="public", consent=True)
    with pytest.raises(TransitionRefused, match="Cochez la case de consentement"):
        submit(story=story, by=cast.users[Role.AGENT], audience="public", consent=False)
    with pytest.raises(TransitionRefused, match="n'attend pas de relecture"):
        moderate(story=story, by=cast.users[Role.HR], publish=True)
    submit(story=story, by=cast.users[Role.AGENT], audience="public", consent=True)
    with pytest.raises(TransitionRefused, match="RH de l'organisation de l'agent"):
        moderate(story=story, by=cast.users[Role.HOST], publish=True)
    with pytest.raises(TransitionRefused, match="ce qu'il faudrait reprendre"):
        moderate(story=story, by=cast.users[Role.HR], publish=False)
    moderate(story=story, by=cast.users[Role.HR], publish=False, comment="Ajoutez une photo ?")
    story.refresh_from_db()
    assert story.status == StoryStatus.CHANGES and story.consent_at is not None


@pytest.mark.parametrize(
    "audience, same_org, partner, outsider, anonymous",
    [
        ("organisation", True, False, False, False),
        ("network", True, True, False, False),
        ("public", True, True, True, True),
    ],
)
def test_each_reads_only_what_the_agent_chose(
    cast, client_for, client, ended, audience, same_org, partner, outsider, anonymous
):
    story = published(cast, ended, audience)
    partner_agent = make_agent(cast.partner, "Léa", "Partenaire")
    readers = {
        "same_org": client_for(cast.users[Role.SIGNATORY]),
        "partner": client_for(partner_agent.user),
        "outsider": client_for(cast.outsider_agent.manager.user),
        "anonymous": client,
    }
    expected = {"same_org": same_org, "partner": partner, "outsider": outsider, "anonymous": anonymous}
    for who, reader in readers.items():
        gallery = reader.get("/recits/").content.decode()
        assert (f'data-story="{story.pk}"' in gallery) is expected[who], who
        assert (reader.get(f"/recits/{story.pk}/").status_code == 200) is expected[who], who


def test_withdrawing_consent_removes_it_everywhere_at_once(cast, client_for, client, ended):
    story = published(cast, ended, "public")
    photo = StoryPhoto.objects.create(
        story=story, image=SimpleUploadedFile("photo.png", _png()), alt="L'atelier"
    )
    path = photo.image.path
    withdraw(story=story, by=cast.users[Role.AGENT])
    for reader in (client, client_for(cast.users[Role.HR]), client_for(cast.users[Role.SIGNATORY])):
        assert f'data-story="{story.pk}"' not in reader.get("/recits/").content.decode()
        assert reader.get(f"/recits/{story.pk}/").status_code == 404
    assert client_for(cast.users[Role.AGENT]).get(f"/recits/{story.pk}/").status_code == 200  # their own text
    import os

    assert not os.path.exists(path)
    with pytest.raises(TransitionRefused, match="Seul·e l'agent retire"):
        withdraw(story=story, by=cast.users[Role.HR])


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "#1d4e89").save(out, "PNG")
    return out.getvalue()


def test_the_agent_writes_submits_and_withdraws_through_the_pages(cast, client_for, ended):
    agent = client_for(cast.users[Role.AGENT])
    page = agent.get(f"/recits/nouveau/?engagement={ended.pk}")
    assert page.status_code == 200
    no_alt = agent.post(
        "/recits/nouveau/",
        {
            "engagement": ended.pk,
            "title": "Mon récit",
            "text": "Tout a commencé…",
            "photo_1": SimpleUploadedFile("p.png", _png()),
        },
        follow=True,
    ).content.decode()
    assert "Décrivez la photo" in no_alt and not Story.objects.filter(agent=ended.agent).exists()
    not_an_image = agent.post(
        "/recits/nouveau/",
        {
            "engagement": ended.pk,
            "title": "Mon récit",
            "text": "x",
            "photo_1": SimpleUploadedFile("p.png", b"texte"),
            "alt_1": "x",
        },
    ).content.decode()
    assert "pas une image lisible" in not_an_image
    bad_video = agent.post(
        "/recits/nouveau/",
        {"engagement": ended.pk, "title": "Mon récit", "text": "x", "video_url": "pas une adresse"},
    ).content.decode()
    assert "Saisissez une URL valide" in bad_video
    agent.post(
        "/recits/nouveau/",
        {
            "engagement": ended.pk,
            "title": "Mon récit",
            "text": "Tout a commencé…",
            "photo_1": SimpleUploadedFile("a.png", _png()),
            "alt_1": "L'atelier du mardi",
            "photo_2": SimpleUploadedFile("b.png", _png()),
            "alt_2": "Le groupe",
        },
    )
    story = Story.objects.get(agent=ended.agent)
    assert list(story.photos.values_list("alt", flat=True)) == ["L'atelier du mardi", "Le groupe"]
    first = story.photos.first()
    agent.post(  # a third photo, and the first one removed
        f"/recits/{story.pk}/modifier/",
        {
            "title": "Mon récit",
            "text": "Tout a commencé…",
            f"retirer_{first.pk}": "on",
            "photo_1": SimpleUploadedFile("c.png", _png()),
            "alt_1": "La fête de fin",
        },
    )
    assert list(story.photos.values_list("alt", flat=True)) == ["Le groupe", "La fête de fin"]
    assert 'alt="La fête de fin"' in agent.get(f"/recits/{story.pk}/").content.decode()
    agent.post(f"/recits/{story.pk}/publier/", {"audience": "organisation", "consentement": "1"})
    hr = client_for(cast.users[Role.HR])
    assert f"/recits/{story.pk}/" in hr.get("/recits/").content.decode()  # to review
    hr.post(f"/recits/{story.pk}/relecture/", {"decision": "publier"})
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    confirm = agent.get(f"/recits/{story.pk}/retirer/").content.decode()  # asked first, nothing changed yet
    assert "disparaîtra à l&#x27;instant" in confirm or "disparaîtra à l'instant" in confirm
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    agent.post(f"/recits/{story.pk}/retirer/")
    story.refresh_from_db()
    assert story.status == StoryStatus.WITHDRAWN
    assert client_for(cast.users[Role.HOST]).get(f"/recits/nouveau/?engagement={ended.pk}").status_code == 403


def test_the_passport_shows_highlights_only_if_the_agent_chose_and_its_pdf_reads_back(
    cast, client_for, ended
):
    data = {
        f"q{i}": {"likert": "5", "yesno": "oui", "text": "Animer un groupe"}[q["kind"]]
        for i, q in enumerate(questions_for(ended, "agent"))
    }
    evaluate(
        engagement=ended, respondent="agent", by=cast.users[Role.AGENT], data=data, share_in_passport=False
    )
    agent = client_for(cast.users[Role.AGENT])
    page = agent.get("/passeport/").content.decode()
    assert "Ateliers numériques" in page and "animation, numérique" in page
    assert "Animer un groupe" not in page and "5.0 / 5" not in page  # not shared
    from passerelles.evaluations.models import Evaluation

    Evaluation.objects.filter(engagement=ended).update(share_in_passport=True)
    page = agent.get("/passeport/").content.decode()
    assert "Animer un groupe" in page and "5,0 / 5" in page
    pdf = agent.get("/passeport/attestation.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    document = pdfium.PdfDocument(pdf.content)
    text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document))).replace(
        "\r\n", " "
    )
    assert "Paul Agent" in text and "Ateliers numériques" in text and f"{ended.start_date:%d/%m/%Y}" in text
    assert "Animer un groupe" in text
    hr_only = make_agent(cast.home, "Rita", "Rh")
    grant(hr_only, cast.home, Role.HR)
    assert "Pas encore de mission" in client_for(hr_only.user).get("/passeport/").content.decode()


def test_three_photos_at_most_each_described(cast, ended):
    story = Story(agent=ended.agent, engagement=ended, title="Un récit", text="…")
    four = [(SimpleUploadedFile(f"{i}.png", _png()), f"Photo {i}") for i in range(4)]
    with pytest.raises(TransitionRefused, match="Trois photos au plus"):
        save_draft(story=story, by=cast.users[Role.AGENT], photos=four)
    with pytest.raises(TransitionRefused, match="Décrivez la photo"):
        save_draft(
            story=story, by=cast.users[Role.AGENT], photos=[(SimpleUploadedFile("x.png", _png()), " ")]
        )
    assert not Story.objects.filter(agent=ended.agent).exists()

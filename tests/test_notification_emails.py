"""HTML e-mails people read, one-click unsubscribe, and the « Mes notifications » page."""

import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.foundation.colours import contrast_ratio
from passerelles.notifications.emails import (
    DIGEST,
    FALLBACK_COLOUR,
    readable_colour,
    unsubscribe_token,
)
from passerelles.notifications.models import EmailChoice, NotificationKind, NotificationPreference
from passerelles.notifications.preferences import choice_for
from passerelles.notifications.services import notify

pytestmark = pytest.mark.django_db


def sent_to(user, subject, kind, django_capture_on_commit_callbacks, url="/engagements/3/"):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, subject=subject, message="Bonjour.\n\nLa suite.", url=url, kind=kind)
    (email,) = [m for m in mail.outbox if m.to == [user.email]]
    return email, email.alternatives[0][0]


def test_html_email_with_the_organisation_name_colour_and_absolute_links(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://passerelles.exemple.fr"
    user = cast.users[Role.AGENT]
    email, html = sent_to(
        user, "Votre récit est publié", NotificationKind.STORY, django_capture_on_commit_callbacks
    )
    assert '<html lang="fr">' in html and "Ville d&#x27;Alpha" in html
    assert "background-color:#8a1538;color:#ffffff" in html  # the organisation's colour under white text
    assert contrast_ratio("#8a1538", "#ffffff") >= 4.5
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith("https://passerelles.exemple.fr/") for h in hrefs), hrefs
    assert "https://passerelles.exemple.fr/engagements/3/" in hrefs
    assert "https://passerelles.exemple.fr/mon-compte/notifications/" in hrefs
    assert '<p style="margin:0 0 16px;">Bonjour.</p>' in html and "<img" not in html
    # the plain text beside it says the same, links absolute too
    assert "Bonjour." in email.body and "https://passerelles.exemple.fr/engagements/3/" in email.body
    links = re.findall(r"\S*/(?:engagements|mon-compte|notifications)/\S*", email.body)
    assert len(links) == 3 and all(link.startswith("https://passerelles.exemple.fr/") for link in links)
    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(
        r"<https://passerelles\.exemple\.fr/notifications/desabonnement/[^/>]+/>", unsubscribe
    )
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in hrefs


def test_a_too_light_colour_falls_back_to_a_dark_one(cast, django_capture_on_commit_callbacks):
    from passerelles.organisations.models import Organisation

    Organisation.objects.filter(pk=cast.home.pk).update(theme_colour="#ffd700")  # saved before the rule
    assert readable_colour("#ffd700") == FALLBACK_COLOUR and contrast_ratio(FALLBACK_COLOUR, "#ffffff") >= 4.5
    _, html = sent_to(
        cast.users[Role.AGENT], "Sujet", NotificationKind.STORY, django_capture_on_commit_callbacks
    )
    assert "#ffd700" not in html and f"background-color:{FALLBACK_COLOUR}" in html


def test_what_cannot_be_turned_off_has_no_unsubscribe_header(cast, django_capture_on_commit_callbacks):
    email, html = sent_to(
        cast.users[Role.MANAGER],
        "Votre accord est demandé",
        NotificationKind.AGREEMENT,
        django_capture_on_commit_callbacks,
    )
    assert "List-Unsubscribe" not in email.extra_headers
    assert "ne peuvent pas être arrêtés" in html and "ne peuvent pas être arrêtés" in email.body


def test_one_click_unsubscribe(cast):
    user = cast.users[Role.AGENT]
    url = f"/notifications/desabonnement/{unsubscribe_token(user, NotificationKind.STORY)}/"
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get(url)
    assert page.status_code == 200 and "Me désabonner" in page.content.decode()
    assert choice_for(user, NotificationKind.STORY).email == EmailChoice.IMMEDIATE  # GET changes nothing
    done = anonymous.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "C'est fait" in done.content.decode()
    assert choice_for(user, NotificationKind.STORY).email == EmailChoice.NEVER
    assert choice_for(user, NotificationKind.MEETING).email == EmailChoice.IMMEDIATE  # only that kind


def test_a_forged_or_always_on_token_changes_nothing(cast):
    user = cast.users[Role.AGENT]
    good = unsubscribe_token(user, NotificationKind.STORY)
    forged = signing.Signer(salt="une-autre-cle").sign_object({"u": user.pk, "k": "story"})
    for token in ["lien-invente", good[:-3] + "abc", forged, unsubscribe_token(user, "inconnu")]:
        response = Client().post(f"/notifications/desabonnement/{token}/")
        assert response.status_code == 400
        assert "n'est pas valide" in response.content.decode()
    always = Client().post(
        f"/notifications/desabonnement/{unsubscribe_token(user, NotificationKind.AGREEMENT)}/"
    )
    assert always.status_code == 200 and "ne peuvent pas être arrêtés" in always.content.decode()
    assert not NotificationPreference.objects.exists()


def test_unsubscribing_from_the_daily_summary(cast):
    user = cast.users[Role.HR]
    NotificationPreference.objects.create(user=user, kind=NotificationKind.REVIEW, email=EmailChoice.DAILY)
    NotificationPreference.objects.create(user=user, kind=NotificationKind.AGREEMENT, email=EmailChoice.DAILY)
    Client().post(f"/notifications/desabonnement/{unsubscribe_token(user, DIGEST)}/")
    assert choice_for(user, NotificationKind.REVIEW).email == EmailChoice.NEVER
    assert choice_for(user, NotificationKind.AGREEMENT).email == EmailChoice.DAILY  # cannot be turned off
    assert choice_for(user, NotificationKind.STORY).email == EmailChoice.IMMEDIATE  # was not in the summary


# « Mes notifications » ----------------------------------------------------------------------------------


def form_data(**changes):
    data = {f"email_{kind}": "immediate" for kind in NotificationKind.values} | {"language": "fr"}
    data.update(changes)
    return data


def test_the_page_lists_every_kind_and_says_what_cannot_be_turned_off(cast, client_for):
    page = client_for(cast.users[Role.AGENT]).get("/mon-compte/notifications/").content.decode()
    for kind in NotificationKind:
        assert str(kind.label).replace("'", "&#x27;") in page
    assert page.count("Ne peut pas être arrêté") == 2
    assert 'value="never"' in page and 'name="email_agreement" value="never"' not in page
    assert "ajoutez et vérifiez votre numéro" in page and 'name="sms_on"' not in page


def test_bad_input_is_refused_in_french_and_changes_nothing(cast, client_for):
    client = client_for(cast.users[Role.AGENT])
    for bad in [
        form_data(email_story="weekly"),
        form_data(email_agreement="never"),
        {"email_story": "never"},
    ]:
        response = client.post("/mon-compte/notifications/", bad)
        assert response.status_code == 200
        assert "Vos préférences ne sont pas enregistrées" in response.content.decode()
    assert (
        "Sélectionnez un choix valide" in response.content.decode()
        or "obligatoire" in response.content.decode()
    )
    assert not NotificationPreference.objects.exists()


def test_choices_and_the_sms_switch_are_saved(cast, client_for):
    user = cast.users[Role.AGENT]
    user.phone, user.phone_verified_at = "+33612345678", timezone.now()
    user.save()
    client = client_for(user)
    page = client.get("/mon-compte/notifications/").content.decode()
    assert 'name="sms_on"' in page and 'name="sms_crisis"' in page and 'name="sms_story"' not in page
    assert "STOP" in page
    response = client.post(
        "/mon-compte/notifications/",
        form_data(email_story="never", email_followup="daily", sms_on="oui", sms_crisis="on", language="en"),
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.can_receive_sms and user.sms_opted_in_at and user.language == "en"
    assert choice_for(user, NotificationKind.STORY).email == EmailChoice.NEVER
    assert choice_for(user, NotificationKind.FOLLOWUP).email == EmailChoice.DAILY
    assert (
        choice_for(user, NotificationKind.CRISIS).sms and not choice_for(user, NotificationKind.MEETING).sms
    )
    client.post("/mon-compte/notifications/", form_data(sms_on="non"))
    user.refresh_from_db()
    assert not user.can_receive_sms and user.sms_opted_out_at


def test_allauth_emails_get_the_same_html_frame(cast, django_capture_on_commit_callbacks):
    user = cast.users[Role.AGENT]
    user.first_name = "<b>Paul</b>"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/comptes/password/reset/", {"email": user.email})
    (email,) = [m for m in mail.outbox if m.to == [user.email]]
    html = email.alternatives[0][0]
    assert "Ville d&#x27;Alpha" in html and "background-color:#8a1538" in html and '<html lang="fr">' in html
    (link,) = re.findall(r'href="([^"]*/comptes/password/reset/key/[^"]*)"', html)
    assert link.startswith("http") and link.split("://", 1)[1] in email.body
    assert "<b>Paul</b>" not in html

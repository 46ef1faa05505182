"""Notifications reach people as each chose per kind: in the app always, e-mail each time / in the daily
summary / never, SMS for the urgent kinds once they chose SMS; in the recipient's language."""

import itertools
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation

from passerelles.accounts.models import User
from passerelles.notifications.models import (
    ALWAYS_ON,
    SMS_KINDS,
    EmailChoice,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from passerelles.notifications.preferences import Choice, choice_for, save_choices
from passerelles.notifications.services import in_language_of, notify, send_daily_digests, sms_text
from passerelles.outbox import sms

pytestmark = pytest.mark.django_db


STOP = " " + " ".join(settings.SMS_STOP_MENTION.split())


def person(*, email=True, can_sms=False, language="fr", name="camille"):
    """An agent of an organisation (its SMS budget pays for the texts)."""
    from passerelles.organisations.models import Organisation
    from tests.cast import make_agent

    organisation, _ = Organisation.objects.get_or_create(
        slug="ville-alpha", defaults={"name": "Ville d'Alpha", "kind": "commune", "sms_monthly_budget": 1000}
    )
    user = make_agent(organisation, "Camille", name).user
    now = timezone.now()
    user.email = f"{name}@ville-alpha.test" if email else None
    user.login_name = None if email else name
    user.language = language
    user.phone = "+33612345678" if can_sms else ""
    user.phone_verified_at = now if can_sms else None
    user.sms_opted_in_at = now if can_sms else None
    user.save()
    return user


def prefer(user, kind, email, sms_wanted=True):
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"email": email, "sms": sms_wanted}
    )


# kind × e-mail choice × has an address × can receive SMS (what cannot be turned off is never « never »)
MATRIX = [
    (kind, choice, has_email, can_sms)
    for kind, choice, has_email, can_sms in itertools.product(
        [
            NotificationKind.AGREEMENT,
            NotificationKind.MEETING,
            NotificationKind.STORY,
            NotificationKind.CRISIS,
        ],
        EmailChoice.values,
        [True, False],
        [True, False],
    )
    if not (kind in ALWAYS_ON and choice == EmailChoice.NEVER)
]


@pytest.mark.parametrize("kind,choice,has_email,can_sms", MATRIX)
def test_routing_matrix(kind, choice, has_email, can_sms, django_capture_on_commit_callbacks):
    user = person(email=has_email, can_sms=can_sms)
    prefer(user, kind, choice)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            user=user, subject="Votre accord est attendu", message="Texte", url="/x/", kind=kind
        )
    notification.refresh_from_db()
    assert Notification.objects.filter(user=user, kind=kind).count() == 1  # in the app, always
    emailed = has_email and choice == EmailChoice.IMMEDIATE
    assert len(mail.outbox) == int(emailed)
    assert notification.in_digest == (has_email and choice == EmailChoice.DAILY)
    texted = kind in SMS_KINDS and can_sms
    assert len(sms.sent) == int(texted)
    assert (notification.sms is not None) == texted
    if texted:
        assert sms.sent[0]["to"] == "+33612345678"
        stop = "" if kind == NotificationKind.CRISIS else STOP
        assert sms.sent[0]["body"] == f"Passerelles : Votre accord est attendu {settings.SITE_URL}/x/{stop}"


def test_sms_follows_the_per_kind_choice_and_stop(django_capture_on_commit_callbacks):
    user = person(can_sms=True)
    prefer(user, NotificationKind.MEETING, EmailChoice.NEVER, sms_wanted=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, subject="Rencontre", message="…", kind=NotificationKind.MEETING)
        notify(user=user, subject="Nouvelle mission", message="…", kind=NotificationKind.NEW_MISSION)
    assert [s["body"] for s in sms.sent] == ["Passerelles : Nouvelle mission" + STOP]
    assert mail.outbox[0].subject == "[Passerelles] Nouvelle mission" and len(mail.outbox) == 1
    user.sms_opted_out_at = timezone.now()  # « STOP »
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, subject="Encore une", message="…", kind=NotificationKind.NEW_MISSION)
    assert len(sms.sent) == 1


def test_nobody_without_email_nor_sms_is_lost():
    user = person(email=False)
    notification = notify(user=user, subject="À faire", message="…", action_needed=True)
    assert notification.pk and notification.email is None and notification.sms is None
    assert not notification.in_digest


def test_sms_text_is_short_with_an_absolute_link(settings):
    settings.SITE_URL = "https://passerelles.exemple.fr"
    text = sms_text("Nouvelle mission pour votre recherche « " + "très longue " * 20 + "»", "/missions/42/")
    assert len(text) + len(STOP) <= 160 and text.endswith(" https://passerelles.exemple.fr/missions/42/")
    assert text.startswith("Passerelles : Nouvelle mission") and "…" in text


def test_every_sms_kind_through_the_console_backend(settings, capsys, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "passerelles.outbox.sms_gateway.ConsoleBackend"
    settings.SITE_URL = "https://passerelles.exemple.fr"
    user = person(can_sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        for kind in sorted(SMS_KINDS):
            notify(user=user, subject=f"Sujet {kind}", message="…", url="/engagements/7/", kind=kind)
        notify(user=user, subject="Sujet récit", message="…", kind=NotificationKind.STORY)
    printed = capsys.readouterr().out
    texts = re.findall(r"--- SMS à \+33612345678 ---\n(.*)\n---", printed)
    link = "https://passerelles.exemple.fr/engagements/7/"
    assert sorted(texts) == sorted(
        f"Passerelles : Sujet {kind} {link}" + ("" if kind == NotificationKind.CRISIS else STOP)
        for kind in SMS_KINDS
    )
    assert all(len(t) <= 160 for t in texts) and "récit" not in printed


def test_the_daily_summary_respects_the_kinds(django_capture_on_commit_callbacks):
    user = person()
    prefer(user, NotificationKind.STORY, EmailChoice.DAILY)
    prefer(user, NotificationKind.FOLLOWUP, EmailChoice.DAILY)
    prefer(user, NotificationKind.REVIEW, EmailChoice.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, subject="Un récit publié", message="…", kind=NotificationKind.STORY)
        notify(user=user, subject="Point d'étape", message="…", kind=NotificationKind.FOLLOWUP)
        notify(user=user, subject="Mission à relire", message="…", kind=NotificationKind.REVIEW)
        notify(user=user, subject="Tout de suite", message="…", kind=NotificationKind.ENGAGEMENT)
    assert [m.subject for m in mail.outbox] == ["[Passerelles] Tout de suite"]
    prefer(user, NotificationKind.FOLLOWUP, EmailChoice.NEVER)  # changed their mind before the summary
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 1
        assert send_daily_digests() == 0
    digest = mail.outbox[-1]
    assert "Un récit publié" in digest.body
    assert "Point d'étape" not in digest.body and "Mission à relire" not in digest.body
    assert "récapitulatif du jour (1)" in digest.subject
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_old_daily_choice_is_the_default():
    user = person()
    user.email_frequency = "daily"
    user.save()
    assert choice_for(user, NotificationKind.STORY) == Choice(EmailChoice.DAILY, False)
    assert choice_for(user, NotificationKind.CRISIS) == Choice(EmailChoice.DAILY, True)


def test_what_cannot_be_turned_off_is_refused():
    user = person()
    with pytest.raises(ValueError, match="ne peuvent pas être arrêtés"):
        save_choices(user, {NotificationKind.AGREEMENT: Choice(EmailChoice.NEVER, True)})
    assert not NotificationPreference.objects.filter(user=user).exists()


def test_the_recipient_reads_their_own_language(cast, django_capture_on_commit_callbacks):
    """A French-speaking agent's interest reaches an English-speaking host in English, e-mail included."""
    from passerelles.access.models import Role
    from passerelles.engagements.services import engagement_express_interest
    from passerelles.missions.models import MissionStatus
    from tests.cast import make_mission

    host = cast.users[Role.HOST]
    host.language = "en"
    host.save()
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers")
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        engagement_express_interest(mission=mission, by=cast.users[Role.AGENT])
        assert translation.get_language() == "fr"  # the sender's language is back
    to_host = Notification.objects.get(user=host)
    assert to_host.subject == "Paul Agent is interested in “Ateliers”"
    to_hr = Notification.objects.get(user=cast.users[Role.HR])
    assert to_hr.subject == "Paul Agent est intéressé·e par « Ateliers »"
    (email,) = [m for m in mail.outbox if m.to == [host.email]]
    assert email.subject == "[Passerelles] Paul Agent is interested in “Ateliers”"
    assert '<html lang="en">' in email.alternatives[0][0]


def test_in_language_of_falls_back_to_french_for_an_unknown_language():
    user = User(language="xx")
    with translation.override("en"), in_language_of(user):
        assert translation.get_language() == "fr"

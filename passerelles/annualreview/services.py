"""Giving and withdrawing the consent to share one's missions with the annual-review campaign."""

from django.db import transaction
from django.utils import timezone

from passerelles.annualreview.models import ReviewConsent


def consent_of(agent) -> ReviewConsent | None:
    return ReviewConsent.objects.filter(agent=agent).first() if agent is not None else None


def is_consenting(agent) -> bool:
    consent = consent_of(agent)
    return consent is not None and consent.is_given


@transaction.atomic
def set_consent(*, agent, share: bool) -> bool:
    """Record the agent's choice; returns whether anything changed (the same choice twice writes nothing, and
    keeps the date it was first given)."""
    consent = ReviewConsent.objects.select_for_update(of=("self",)).filter(agent=agent).first()
    now = timezone.now()
    if share:
        if consent is not None and consent.is_given:
            return False
        if consent is None:
            ReviewConsent.objects.create(agent=agent, given_at=now)
        else:
            consent.given_at, consent.withdrawn_at = now, None
            consent.save(update_fields=["given_at", "withdrawn_at"])
        return True
    if consent is None or not consent.is_given:
        return False
    consent.withdrawn_at = now
    consent.save(update_fields=["withdrawn_at"])
    return True

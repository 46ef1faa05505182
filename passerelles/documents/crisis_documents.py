"""The short documents of a crisis engagement (issue 17): written by the task that follows a plan's publication
(crisis/plan_documents.py), named in the agent's publication message."""

from django.db import transaction

from passerelles.documents import content, sources
from passerelles.documents.models import EngagementDocument
from passerelles.documents.services import (
    EDITABLE_STATES,
    _decided_reimbursement,
    _framework_code,
    _write,
    is_crisis,
    is_outdated,
    kinds_for,
)
from passerelles.engagements import services as engagement_services
from passerelles.engagements.models import Engagement


def _stale(document: EngagementDocument, engagement: Engagement, fresh: dict) -> bool:
    """Out of date: the dates moved (``is_outdated``) or what a later stage states changed (the shifts)."""
    context = document.context or {}
    return is_outdated(document, engagement) or any(context.get(k) != v for k, v in fresh.items())


@transaction.atomic
def write_crisis_documents(*, engagement: Engagement, by) -> list[EngagementDocument]:
    """The short documents of a crisis engagement, written once its plan is published (crisis/plan_documents.py):
    a kind with no current version, or one whose dates or shifts no longer match, gets a new version; an
    unchanged one is left alone, so running it twice writes nothing more. No message to the parties here: the
    agent hears of them in the publication's message, HR finds them in « À faire » (no flood in a crisis)."""
    engagement = engagement_services.lock(engagement)
    if not is_crisis(engagement) or engagement.state not in EDITABLE_STATES:
        return []
    fresh = sources.fresh_details(engagement)
    written = []
    allowed = kinds_for(engagement)  # HR may still write the others (a pact…) by hand
    for kind in [k for k in content.CRISIS_DOCUMENTS.get(_framework_code(engagement), []) if k in allowed]:
        current = (
            EngagementDocument.objects.filter(engagement=engagement, kind=kind, superseded_at__isnull=True)
            .order_by("-version")
            .first()
        )
        if current is not None and not _stale(current, engagement, fresh):
            continue
        kept = {**(current.context if current else {}), **_decided_reimbursement(engagement)}
        written.append(_write(engagement, kind, by=by, details=kept, notify_parties=False))
    return written


def crisis_titles_to_accept(engagement: Engagement, party: str = "agent") -> list[str]:
    """The titles of the crisis documents ``party`` will accept (the publication's message names them)."""
    from passerelles.frameworks.models import EngagementFramework

    code = EngagementFramework.objects.filter(engagement=engagement).values_list("code", flat=True).first()
    kinds = content.CRISIS_DOCUMENTS.get(code, []) if is_crisis(engagement) else []
    asked = set(engagement_services.required_parties(engagement))
    return [
        content.title_for(kind, code, True)
        for kind in kinds
        if party in content.resolve_parties(content.CRISIS_ACCEPTING_PARTIES.get(kind, []), asked)
    ]

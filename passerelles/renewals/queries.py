"""The read side of renewals, always through the actor's scope of engagements."""

import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q

from passerelles.engagements.models import Engagement
from passerelles.renewals import rules
from passerelles.renewals.models import HandoverNote, KeyPost


def deadlines(user, organisation, today: datetime.date):
    """The organisation's engagements (as its HR sees them) ending within 90 days, nearest first, with what
    the list shows: loan between two employers, key post, hand-over note written, renewal under way."""
    return (
        Engagement.objects.for_organisation(user, organisation)
        .filter(
            state__in=rules.FOLLOWED_STATES,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=rules.HORIZON_DAYS),
        )
        .annotate(
            is_key_post=Exists(KeyPost.objects.filter(engagement=OuterRef("pk"))),
            has_note=Exists(HandoverNote.objects.filter(engagement=OuterRef("pk"))),
            two_employers=ExpressionWrapper(
                ~Q(agent__organisation_id=F("mission__organisation_id")), output_field=BooleanField()
            ),
        )
        .select_related("agent", "agent__organisation", "mission", "mission__organisation")
        .order_by("end_date", "pk")
    )


def row_status(engagement) -> str:
    return rules.status(
        renewal_under_way=engagement.extension_end_date is not None, has_note=engagement.has_note
    )

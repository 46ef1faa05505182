"""Use cases of engagements. Every move goes through ``lifecycle.transition_for``, locked and logged.

Side effects of entering a state (opening an agreement round, telling people) live here too, next to the
move, so that no view or signal can forget them.

One module per use case, each importing only those before it (no cycle): ``parties`` (who speaks for whom),
``steps`` (lock, note, the single writer ``move``, the timeline), ``meetings`` (the rencontre),
``interest`` (« Je suis intéressé·e », gré à gré), ``transitions`` (the simple moves of the page), ``dates``
(HR's dates and regularisation), ``agreements`` (the agreement round up to `ready`), ``extension``,
``assembly`` (the assemblée délibérante informed), ``on_behalf`` (« ça m'intéresse » recorded for
the agent, with their consent), ``daily`` (reminders and date-driven moves). This package re-exports their public names, so that callers
keep writing ``engagements.services.X``.
"""

from passerelles.engagements.services.agreements import (
    ask_required_parties,
    engagement_decide,
    missing_for_ready,
    try_ready,
)
from passerelles.engagements.services.assembly import ASSEMBLY_STATES, engagement_record_assembly
from passerelles.engagements.services.daily import remind_meetings, run_daily, send_reminders
from passerelles.engagements.services.dates import (
    DATES_STATES,
    engagement_set_dates,
    past_start_message,
    start_has_passed,
)
from passerelles.engagements.services.extension import engagement_request_extension
from passerelles.engagements.services.interest import (
    MISSION_CLOSED,
    engagement_express_interest,
    engagement_propose,
    engagement_propose_as_host,
)
from passerelles.engagements.services.meetings import (
    MeetingSlot,
    engagement_meeting_feedback,
    engagement_schedule_meeting,
    meeting_has_started,
)
from passerelles.engagements.services.on_behalf import (
    WITHDRAW_ANCHOR,
    agents_one_may_act_for,
    consent_statement,
    engagement_record_interest_for,
)
from passerelles.engagements.services.parties import (
    default_parties,
    in_extension_round,
    parties_of,
    party_label,
    party_users,
    required_parties,
)
from passerelles.engagements.services.programme_consent import notice_for, test_programme
from passerelles.engagements.services.steps import (
    NEUTRAL_DECLINE,
    SCHEME_STATEMENT,
    TimelineEntry,
    lock,
    move,
    note,
    timeline_for,
)
from passerelles.engagements.services.transitions import engagement_transition

__all__ = [
    "ASSEMBLY_STATES",
    "DATES_STATES",
    "MISSION_CLOSED",
    "MeetingSlot",
    "NEUTRAL_DECLINE",
    "SCHEME_STATEMENT",
    "TimelineEntry",
    "WITHDRAW_ANCHOR",
    "agents_one_may_act_for",
    "consent_statement",
    "engagement_record_interest_for",
    "ask_required_parties",
    "default_parties",
    "engagement_decide",
    "engagement_express_interest",
    "notice_for",
    "test_programme",
    "engagement_meeting_feedback",
    "engagement_propose",
    "engagement_propose_as_host",
    "engagement_record_assembly",
    "engagement_request_extension",
    "engagement_schedule_meeting",
    "engagement_set_dates",
    "engagement_transition",
    "in_extension_round",
    "lock",
    "meeting_has_started",
    "missing_for_ready",
    "move",
    "note",
    "parties_of",
    "party_label",
    "party_users",
    "past_start_message",
    "required_parties",
    "run_daily",
    "send_reminders",
    "remind_meetings",
    "start_has_passed",
    "timeline_for",
    "try_ready",
]

"""The outsider organisation's coup de main (agreed, lettre available), immersion (agreed, note available) and
return programme, for the URL fillers of the small-help pages (issue 19; created once per cast, on first use)."""

import datetime

from django.utils import timezone

from tests.cast import MARKER


def outsider_small_help(cast) -> dict:
    found = getattr(cast, "_outsider_small_help", None)
    if found is not None:
        return found
    from passerelles.organisations.models import OrgUnit
    from passerelles.smallhelp.models import HalfDay, Immersion, LightHelp, ReturnProgramme

    now = timezone.now()
    day = timezone.localdate() + datetime.timedelta(days=30)
    agent = cast.outsider_agent
    host_unit = OrgUnit.objects.filter(organisation=cast.outsider).exclude(pk=agent.unit_id).first()
    help = LightHelp.objects.create(
        organisation=cast.outsider,
        agent=agent,
        manager=agent.manager,
        host_unit=host_unit,
        purpose=f"Objet {MARKER}",
        initiated_by="agent",
        created_by=agent.user,
        state="agreed",
        agent_agreed_at=now,
        manager_agreed_at=now,
        host_agreed_at=now,
        closed_at=now,
    )
    HalfDay.objects.create(help=help, date=day, period="am")
    programme = ReturnProgramme.objects.create(
        organisation=cast.outsider, agent=agent, reason="abroad", note=f"Mot {MARKER}"
    )
    immersion = Immersion.objects.create(
        organisation=cast.outsider,
        agent=agent,
        host_unit=host_unit,
        date=day,
        reason="abroad",
        details=f"Détails {MARKER}",
        programme=programme,
        state="agreed",
        decided_at=now,
    )
    found = {"help": help, "immersion": immersion, "programme": programme}
    cast._outsider_small_help = found
    return found


def help_id(cast) -> int:
    return outsider_small_help(cast)["help"].pk


def immersion_id(cast) -> int:
    return outsider_small_help(cast)["immersion"].pk


def return_programme_id(cast) -> int:
    return outsider_small_help(cast)["programme"].pk


def state(cast) -> list:
    """What a request could change in the outsider's small help (for the isolation test's before/after)."""
    from passerelles.smallhelp.models import Immersion, LightHelp, ReturnProgramme, SmallHelpSettings

    outsider_small_help(cast)
    org = cast.outsider
    return [
        list(
            LightHelp.objects.filter(organisation=org).values_list("pk", "state", "declined_by", "closed_at")
        ),
        list(Immersion.objects.filter(organisation=org).values_list("pk", "state", "decided_at")),
        list(ReturnProgramme.objects.filter(organisation=org).values_list("pk", "state", "answered_at")),
        list(SmallHelpSettings.objects.filter(organisation=org).values_list("light_path_half_days")),
    ]

"""Use cases of the frameworks: an organisation's parameters, and HR confirming an engagement's framework.

The engagement then asks exactly the agreements that framework needs (the platform's own parties — home
manager, host, HR — plus the signatory where the framework or the organisation requires one), and it becomes
`ready` only once the framework is confirmed and every one of them has agreed.
"""

import dataclasses

from django.db import transaction
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.engagements import services as engagement_services
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Agreement, Decision, Engagement
from passerelles.frameworks.boussole import SituationError, framework, parse_situation, recommend
from passerelles.frameworks.models import EngagementFramework, FrameworkSettings
from passerelles.missions.models import Purpose

# Organisation kinds as the boussole's host and employer types
KIND_TO_TYPE = {"ccas": "etablissement_public"}


def settings_for(organisation) -> FrameworkSettings:
    """The organisation's parameters (the defaults until its administrator changes them)."""
    found = FrameworkSettings.objects.filter(organisation=organisation).first()
    return found or FrameworkSettings(organisation=organisation)


def situation_for(engagement: Engagement) -> dict:
    """What the platform already knows, as the boussole's situation (HR checks and completes it)."""
    agent, mission = engagement.agent, engagement.mission
    same = agent.organisation_id == mission.organisation_id
    employer = agent.organisation
    host_kind = mission.organisation.kind
    days = (engagement.end_date - engagement.start_date).days + 1
    return {
        "same_employer": same,
        "host_type": "meme_collectivite" if same else KIND_TO_TYPE.get(host_kind, host_kind),
        "host_public_service_mission": False,
        "host_general_interest": host_kind == "association",
        "host_epci_member_link": False,
        "whole_service": False,
        # « contractuel » without more detail: the stricter case (CDD) until HR says otherwise
        "agent_status": "titulaire" if agent.status == "titulaire" else "contractuel_cdd",
        "employer_type": KIND_TO_TYPE.get(employer.kind, employer.kind),
        "employer_population": settings_for(employer).population,
        "duration_months": max(0.5, round(days / 30.44 * 2) / 2),
        "time_share_percent": engagement.percent or mission.effective_percent or 1,
        "days_per_month": float(mission.days_per_month) if mission.days_per_month else None,
        "purpose": mission.purpose,
        "crisis": mission.purpose == Purpose.CRISE,
        "start_date": engagement.start_date.isoformat(),
    }


@transaction.atomic
def confirm_framework(*, engagement: Engagement, by, code: str, situation: dict) -> EngagementFramework:
    """HR confirms the framework the boussole recommends for this situation (never one it rules out)."""
    engagement = engagement_services.lock(engagement)
    if not policies.is_engagement_hr(by, engagement):
        raise TransitionRefused(_("Seule la RH confirme le dispositif."))
    if engagement.state != State.AGREEMENTS:
        raise TransitionRefused(_("Le dispositif se confirme à l'étape des accords."))
    try:
        parsed = parse_situation(situation)
    except SituationError as error:
        raise TransitionRefused(str(error)) from error
    parameters = settings_for(engagement.agent.organisation).as_parameters()
    result = recommend(parsed, parameters)
    chosen = next((entry for entry in result["recommended"] if entry["code"] == code), None)
    if chosen is None:
        reason = next((entry["reason"] for entry in result["excluded"] if entry["code"] == code), "")
        raise TransitionRefused(
            _("Ce dispositif ne convient pas à cette situation. %(reason)s") % {"reason": reason}
        )
    record = _record(engagement, situation=situation, parameters=parameters, chosen=chosen, by=by)
    # Exactly the agreements this framework needs: ask the missing ones, drop the pending ones it does not need.
    required = engagement_services.required_parties(engagement)
    current = Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round)
    current.filter(decision=Decision.PENDING).exclude(party__in=required).delete()
    asked = set(current.values_list("party", flat=True))
    for party in required:
        if party not in asked:
            Agreement.objects.create(engagement=engagement, round=engagement.agreement_round, party=party)
    engagement_services.note(engagement, "framework_confirmed", by=by, comment=chosen["label"])
    engagement_services.try_ready(engagement, by=by)
    engagement.save()
    return record


def _record(engagement, *, situation, parameters, chosen, by) -> EngagementFramework:
    record, _created = EngagementFramework.objects.update_or_create(
        engagement=engagement,
        defaults={
            "code": chosen["code"],
            "situation": situation,
            "parameters": dataclasses.asdict(parameters),
            "recommendation": chosen,
            "confirmed_by": by,
        },
    )
    return record


def record_best_framework(engagement: Engagement, *, by) -> EngagementFramework | None:
    """The boussole's first choice on what the platform knows, recorded as is (the demo network's engagements
    that are already past the agreement step)."""
    situation = situation_for(engagement)
    parameters = settings_for(engagement.agent.organisation).as_parameters()
    result = recommend(parse_situation(situation), parameters)
    if not result["recommended"]:
        return None
    return _record(
        engagement, situation=situation, parameters=parameters, chosen=result["recommended"][0], by=by
    )


def framework_parties(engagement: Engagement) -> list[str]:
    """The parties the confirmed framework adds at the agreements step (e.g. the signatory of a convention);
    registered with the engagement core (``engagements.stages.add_parties``)."""
    chosen = EngagementFramework.objects.filter(engagement=engagement).values_list("code", flat=True).first()
    return list(framework(chosen)["parties"]) if chosen else []


def framework_missing(engagement: Engagement) -> list[str]:
    """Readiness condition: HR has confirmed a framework (``engagements.stages.add_readiness``)."""
    if EngagementFramework.objects.filter(engagement=engagement).exists():
        return []
    return [_("le dispositif choisi par la RH")]

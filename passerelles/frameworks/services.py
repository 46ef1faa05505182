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
from passerelles.engagements.models import Engagement
from passerelles.frameworks.boussole import (
    SituationError,
    framework,
    months_between,
    parse_situation,
    recommend,
)
from passerelles.frameworks.models import EngagementFramework, FrameworkSettings, SituationDraft
from passerelles.missions.models import Purpose
from passerelles.networks.queries import shared_scheme_between

# Organisation kinds (organisations.OrganisationKind) as the boussole's host and employer types
KIND_TO_TYPE = {
    "commune": "commune",
    "epci": "epci",
    "departement": "departement",
    "region": "region",
    "ccas": "etablissement_public",
    "etablissement_public": "etablissement_public",
    "etat": "etat",
    "syndicat": "syndicat",
    "association": "association",
    "fondation": "fondation",
}
# The types HR may choose for an organisation of a given kind without contradicting the platform: an
# établissement public may be a hospital or a GIP (the platform has no kind for them), nothing else moves.
COMPATIBLE_TYPES = {"etablissement_public": {"etablissement_public", "hopital", "gip"}}
ASSOCIATIVE_TYPES = {"association", "fondation"}
# The SIRH status (people.EmploymentStatus) as the boussole's agent_status: the same words, on purpose.
STATUS_TO_AGENT_STATUS = {
    "titulaire": "titulaire",
    "stagiaire": "stagiaire",
    "contractuel": "contractuel",
    "contractuel_cdi": "contractuel_cdi",
    "contractuel_cdd": "contractuel_cdd",
    "apprenti": "apprenti",
    "vacataire": "vacataire",
}


def settings_for(organisation) -> FrameworkSettings:
    """The organisation's parameters (the defaults until its administrator changes them)."""
    found = FrameworkSettings.objects.filter(organisation=organisation).first()
    return found or FrameworkSettings(organisation=organisation)


def parameters_for(engagement: Engagement):
    """The boussole's parameters for an engagement: the origin employer's own (its local schemes), and the
    scheme a network shares when the agent's and the host's employers both took it up, with the stricter of
    their two limits (issue 18). Every boussole reading of an engagement goes through here."""
    parameters = settings_for(engagement.agent.organisation).as_parameters()
    shared = shared_scheme_between(engagement.agent.organisation_id, engagement.mission.organisation_id)
    if shared is None:
        return parameters
    return dataclasses.replace(
        parameters,
        network_scheme_enabled=True,
        network_scheme_max_percent=shared.limits.max_percent,
        network_scheme_max_months=shared.limits.max_months,
    )


def situation_for(engagement: Engagement) -> dict:
    """What the platform already knows, as the boussole's situation (HR checks and completes it). The agent's
    status is the SIRH's, word for word: an unknown contract stays « contractuel » (the boussole asks HR for
    CDI or CDD) — never assumed to be a CDD or a titulaire."""
    agent, mission = engagement.agent, engagement.mission
    same = agent.organisation_id == mission.organisation_id
    employer = agent.organisation
    host_kind = mission.organisation.kind
    return {
        "same_employer": same,
        "host_type": "meme_collectivite" if same else KIND_TO_TYPE.get(host_kind, host_kind),
        "host_public_service_mission": False,
        "host_general_interest": host_kind in ASSOCIATIVE_TYPES,
        "host_epci_member_link": False,
        "whole_service": False,
        "agent_status": STATUS_TO_AGENT_STATUS.get(agent.status, "contractuel"),
        "employer_type": KIND_TO_TYPE.get(employer.kind, employer.kind),
        "employer_population": settings_for(employer).population,
        "duration_months": months_between(engagement.start_date, engagement.end_date),
        "time_share_percent": engagement.percent or mission.effective_percent or 1,
        "days_per_month": float(mission.days_per_month) if mission.days_per_month else None,
        "purpose": mission.purpose,
        "crisis": mission.purpose == Purpose.CRISE,
        "start_date": engagement.start_date.isoformat(),
        "end_date": engagement.end_date.isoformat(),
    }


def last_situation(engagement: Engagement) -> tuple[dict, str]:
    """The situation the engagement's boussole page opens on, with HR's reason for a correction: the last one
    HR submitted (simulated or confirmed), else what the platform knows."""
    draft = SituationDraft.objects.filter(engagement=engagement).first()
    if draft is not None:
        return draft.situation, draft.correction_reason
    record = EngagementFramework.objects.filter(engagement=engagement).first()
    if record is not None:
        return record.situation, record.correction_reason
    return situation_for(engagement), ""


def save_draft(*, engagement: Engagement, by, situation: dict, correction_reason: str = "") -> SituationDraft:
    """Keep what HR just submitted (HR of the engagement only), so that the next visit starts from it."""
    if not policies.is_engagement_hr(by, engagement):
        raise TransitionRefused(_("Seule la RH utilise la boussole de l'engagement."))
    draft, _created = SituationDraft.objects.update_or_create(
        engagement=engagement,
        defaults={"situation": situation, "correction_reason": correction_reason.strip(), "saved_by": by},
    )
    return draft


def _type_of(organisation) -> str:
    return KIND_TO_TYPE.get(organisation.kind, organisation.kind)


def _type_fits(kind_type: str, chosen: str) -> bool:
    return chosen in COMPATIBLE_TYPES.get(kind_type, {kind_type})


def contradictions(engagement: Engagement, situation: dict) -> list[str]:
    """What the situation says against what the platform knows of the engagement, one French sentence each:
    an organisation of the platform described as an association, two employers said to be one, another kind
    of employer, another status than the SIRH's. HR may still go on, but only by saying why."""
    agent, host = engagement.agent, engagement.mission.organisation
    employer = agent.organisation
    found = []
    same = agent.organisation_id == host.pk
    if "same_employer" in situation and situation["same_employer"] != same:
        found.append(
            _(
                "%(employer)s emploie l'agent et %(host)s accueille la mission : ce ne sont pas le même employeur."
            )
            % {"employer": employer.name, "host": host.name}
            if not same
            else _("L'agent et la mission relèvent tous deux de %(employer)s : c'est le même employeur.")
            % {"employer": employer.name}
        )
    host_type = situation.get("host_type")
    if not same and host_type and host_type != "meme_collectivite":
        networks = list(host.networks.order_by("name").values_list("name", flat=True))
        if host_type in ASSOCIATIVE_TYPES and (_type_of(host) not in ASSOCIATIVE_TYPES or networks):
            where = _(" (membre de « %(network)s »)") % {"network": ", ".join(networks)} if networks else ""
            found.append(
                _(
                    "%(host)s est enregistrée comme « %(kind)s »%(where)s, pas comme une association ou une fondation."
                )
                % {"host": host.name, "kind": host.get_kind_display(), "where": where}
            )
        elif host_type not in ASSOCIATIVE_TYPES and not _type_fits(_type_of(host), host_type):
            found.append(
                _(
                    "L'accueil, %(host)s, est enregistré comme « %(kind)s », pas comme le type indiqué (%(type)s)."
                )
                % {"host": host.name, "kind": host.get_kind_display(), "type": host_type}
            )
    employer_type = situation.get("employer_type")
    if employer_type and not _type_fits(_type_of(employer), employer_type):
        found.append(
            _(
                "L'employeur, %(employer)s, est enregistré comme « %(kind)s », pas comme le type indiqué (%(type)s)."
            )
            % {"employer": employer.name, "kind": employer.get_kind_display(), "type": employer_type}
        )
    status = situation.get("agent_status")
    known = STATUS_TO_AGENT_STATUS.get(agent.status)
    precision = known == "contractuel" and status in ("contractuel_cdi", "contractuel_cdd")
    if status and known and status != known and not precision:
        found.append(
            _("Le SIRH indique le statut « %(known)s » pour %(agent)s, pas « %(status)s ».")
            % {"known": agent.get_status_display(), "agent": agent.full_name, "status": status}
        )
    return found


@transaction.atomic
def confirm_framework(
    *, engagement: Engagement, by, code: str, situation: dict, correction_reason: str = ""
) -> EngagementFramework:
    """HR confirms the framework the boussole recommends for this situation (never one it rules out). A
    situation that contradicts what the platform knows is refused unless HR says why (``correction_reason``):
    the reason is kept with the choice and written in the engagement's timeline."""
    engagement = engagement_services.lock(engagement)
    if not policies.is_engagement_hr(by, engagement):
        raise TransitionRefused(_("Seule la RH confirme le dispositif."))
    if engagement.state != State.AGREEMENTS:
        raise TransitionRefused(_("Le dispositif se confirme à l'étape des accords."))
    try:
        parsed = parse_situation(situation)
    except SituationError as error:
        raise TransitionRefused(str(error)) from error
    reason = correction_reason.strip()
    found = contradictions(engagement, situation)
    if found and not reason:
        raise TransitionRefused(
            _(
                "La situation contredit ce que la plateforme sait : %(found)s Corrigez-la, ou indiquez pourquoi "
                "dans « Raison de la correction »."
            )
            % {"found": " ".join(found)}
        )
    parameters = parameters_for(engagement)
    result = recommend(parsed, parameters)
    chosen = next((entry for entry in result["recommended"] if entry["code"] == code), None)
    if chosen is None:
        reason = next((entry["reason"] for entry in result["excluded"] if entry["code"] == code), "")
        raise TransitionRefused(
            _("Ce dispositif ne convient pas à cette situation. %(reason)s") % {"reason": reason}
        )
    record = _record(
        engagement,
        situation=situation,
        parameters=parameters,
        chosen=chosen,
        by=by,
        correction_reason=reason if found else "",
    )
    SituationDraft.objects.update_or_create(
        engagement=engagement,
        defaults={"situation": situation, "correction_reason": reason, "saved_by": by},
    )
    # Exactly the agreements this framework needs: ask the missing ones (both employers' for a MAD), drop the
    # pending ones it does not need, ask again one given by who no longer speaks for that party.
    engagement_services.ask_required_parties(engagement, by=by)
    comment = chosen["label"]
    if found:
        comment = _("%(label)s — correction de la RH : %(reason)s") % {
            "label": chosen["label"],
            "reason": reason,
        }
    engagement_services.note(engagement, "framework_confirmed", by=by, comment=comment)
    engagement_services.try_ready(engagement, by=by)
    engagement.save()
    return record


def _record(engagement, *, situation, parameters, chosen, by, correction_reason="") -> EngagementFramework:
    record, _created = EngagementFramework.objects.update_or_create(
        engagement=engagement,
        defaults={
            "code": chosen["code"],
            "situation": situation,
            "parameters": dataclasses.asdict(parameters),
            "recommendation": chosen,
            "confirmed_by": by,
            "correction_reason": correction_reason,
        },
    )
    return record


def record_best_framework(engagement: Engagement, *, by) -> EngagementFramework | None:
    """The boussole's first choice on what the platform knows, recorded as is (the demo network's engagements
    that are already past the agreement step)."""
    situation = situation_for(engagement)
    parameters = parameters_for(engagement)
    result = recommend(parse_situation(situation), parameters)
    if not result["recommended"]:
        return None
    return _record(
        engagement, situation=situation, parameters=parameters, chosen=result["recommended"][0], by=by
    )


def record_corrected_framework(engagement: Engagement, *, by, changes: dict, reason: str):
    """The boussole's first choice on what the platform knows as HR corrected it, recorded with HR's reason and
    kept as the page's situation (the demo network shows a recorded correction)."""
    situation = {**situation_for(engagement), **changes}
    parameters = parameters_for(engagement)
    result = recommend(parse_situation(situation), parameters)
    if not result["recommended"]:
        return None
    current = EngagementFramework.objects.filter(engagement=engagement).values_list("code", flat=True).first()
    # the framework already chosen stays when the corrected situation still allows it (its acts are written)
    chosen = next((e for e in result["recommended"] if e["code"] == current), result["recommended"][0])
    found = contradictions(engagement, situation)
    record = _record(
        engagement,
        situation=situation,
        parameters=parameters,
        chosen=chosen,
        by=by,
        correction_reason=reason if found else "",
    )
    SituationDraft.objects.update_or_create(
        engagement=engagement, defaults={"situation": situation, "correction_reason": reason, "saved_by": by}
    )
    return record


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


def record_uncovered(*, engagement, situation: dict, result: dict):
    """When the boussole finds no framework for an engagement's situation, keep it (issue 16): the dashboards
    count these cases so that the regulation can evolve. One row per engagement and situation — asking again
    with the same answers counts once. Returns the row, or None when a framework fits."""
    import hashlib
    import json

    from django.db import IntegrityError

    from passerelles.frameworks.models import UncoveredSituation

    if result.get("recommended"):
        return None
    canonical = json.dumps(situation, sort_keys=True, default=str, ensure_ascii=False)
    fingerprint = hashlib.sha256(canonical.encode()).hexdigest()
    reasons = {entry["code"]: str(entry["reason"]) for entry in result.get("excluded", [])}
    try:
        with transaction.atomic():
            row, _created = UncoveredSituation.objects.get_or_create(
                engagement=engagement,
                fingerprint=fingerprint,
                defaults={
                    "organisation_id": engagement.agent.organisation_id,
                    "situation": json.loads(canonical),
                    "reasons": reasons,
                },
            )
    except IntegrityError:  # the same answers sent twice at once: the other request recorded it
        row = UncoveredSituation.objects.get(engagement=engagement, fingerprint=fingerprint)
    return row

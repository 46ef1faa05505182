"""Writing an engagement's documents from the organisation's models, and the parties accepting them.

The engagement's employer (the agent's organisation) prepares the documents: its own model when it uploaded
one, the platform's default otherwise. A new version never touches the previous ones nor their acceptances;
the engagement is `ready` only once the current version of every required document is accepted by each of its
parties (see engagements.services.missing_for_ready).
"""

import datetime
import hashlib
import io
import json
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.documents import rendering
from passerelles.documents.content import ACCEPTING_PARTIES, DEFAULTS, KINDS, PLACEHOLDERS
from passerelles.documents.models import DocumentAcceptance, DocumentTemplate, EngagementDocument
from passerelles.engagements import services as engagement_services
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Engagement, Party
from passerelles.foundation.calendar_fr import checkin_dates
from passerelles.frameworks.boussole import framework
from passerelles.notifications.services import notify

# Besides the pact, the conventions between two organisations must be accepted before the mission starts.
REQUIRED_WITH_FRAMEWORK = {"convention_mad", "convention_association"}
PACT_DETAILS = ["intention", "attentes_agent", "attentes_accueil", "organisation_equipe", "conditions_retour"]
PARTY_LABELS = {
    "agent": _("l'agent"),
    Party.MANAGER: _("l'encadrant·e"),
    Party.HOST: _("l'accueil"),
    Party.HR: _("la RH"),
    Party.SIGNATORY: _("le ou la signataire"),
}
EDITABLE_STATES = (State.AGREEMENTS, State.READY, State.ACTIVE, State.ENDED, State.EVALUATED)


def _fr_date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def context_for(engagement: Engagement, details: dict | None = None, *, version: int = 1) -> dict:
    """Every placeholder's value for this engagement (the pact's own texts come from ``details``)."""
    agent, mission = engagement.agent, engagement.mission
    chosen = getattr(engagement, "framework", None)
    agreements = engagement.agreements.filter(round=engagement.agreement_round).select_related("decided_by")
    details = details or {}
    context = {
        "agent_nom_complet": agent.full_name,
        "agent_organisation": agent.organisation.name,
        "agent_service": agent.unit.name if agent.unit_id else "—",
        "agent_statut": agent.get_status_display(),
        "encadrant_nom": agent.manager.full_name if agent.manager_id else "—",
        "mission_titre": mission.title,
        "mission_description": mission.description,
        "mission_objet": mission.get_purpose_display(),
        "accueil_organisation": mission.organisation.name,
        "accueil_service": mission.host_unit.name,
        "porteur_projet": mission.project_lead.full_name,
        "date_debut": _fr_date(engagement.start_date),
        "date_fin": _fr_date(engagement.end_date),
        "quotite": f"{engagement.percent} % du temps de travail",
        "dispositif": chosen.recommendation["label"] if chosen else "—",
        "references_juridiques": " ; ".join(chosen.recommendation["legal_refs"]) if chosen else "—",
        "argent": chosen.recommendation["money"] if chosen else "—",
        "accords": ", ".join(
            f"{a.get_party_display()} : {a.get_decision_display().lower()}" for a in agreements
        )
        or "—",
        "points_etape": ", ".join(
            _fr_date(d) for d in checkin_dates(engagement.start_date, engagement.end_date)
        ),
        "regularisation": regularisation_mention(engagement),
        "date_document": _fr_date(timezone.localdate()),
        "version": str(version),
    }
    for name in PACT_DETAILS:
        context[name] = (details.get(name) or "").strip() or "—"
    assert set(context) == set(PLACEHOLDERS), "every placeholder has a value"
    return context


def regularisation_mention(engagement: Engagement) -> str:
    """The sentence every document of a regularised engagement carries (see engagement_set_dates)."""
    if not engagement.regularisation:
        return ""
    return (
        f"Régularisation : la mission a commencé le {_fr_date(engagement.start_date)}, avant que chacune des "
        f"parties ait donné son accord ; le présent document régularise ce démarrage. Raison : "
        f"{engagement.regularisation_reason}"
    )


def sample_context() -> dict:
    """Values to try a model with before accepting it (an upload is checked by filling it)."""
    return {name: f"[{label}]" for name, label in PLACEHOLDERS.items()}


def default_model(kind: str) -> bytes:
    return rendering.default_docx(DEFAULTS[kind])


def current_template(organisation, kind: str) -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(organisation=organisation, kind=kind).order_by("-version").first()


def kinds_for(engagement: Engagement) -> list[str]:
    """The documents this engagement's framework calls for, among those Passerelles writes (pact first)."""
    chosen = getattr(engagement, "framework", None)
    if chosen is None:
        return []
    kinds = [kind for kind in framework(chosen.code)["documents"] if kind in KINDS]
    return ["pacte", *[k for k in kinds if k != "pacte"]]


def required_kinds(engagement: Engagement) -> list[str]:
    return [k for k in kinds_for(engagement) if k == "pacte" or k in REQUIRED_WITH_FRAMEWORK]


def accepting_parties(document: EngagementDocument, required: list[str] | None = None) -> list[str]:
    """Who accepts this document: as the content says, minus a manager the agent does not have, and the
    signatory replaced by HR where the engagement asks no signatory. ``required``: the engagement's
    required parties when the caller already has them (a list of many documents, without a query each)."""
    engagement = document.engagement
    asked = set(engagement_services.required_parties(engagement) if required is None else required)
    parties = []
    for party in ACCEPTING_PARTIES[document.kind]:
        if party == Party.MANAGER and Party.MANAGER not in asked:
            continue
        if party == Party.SIGNATORY and Party.SIGNATORY not in asked:
            party = Party.HR
        parties.append(party)
    return parties


def current_documents(engagement: Engagement) -> list[EngagementDocument]:
    return list(
        EngagementDocument.objects.filter(engagement=engagement, superseded_at__isnull=True).prefetch_related(
            "acceptances"
        )
    )


def missing_acceptances(engagement: Engagement) -> list[str]:
    """In words, what the required documents still wait for (empty when all are accepted)."""
    current = {d.kind: d for d in current_documents(engagement)}
    missing = []
    for kind in required_kinds(engagement):
        document = current.get(kind)
        if document is None:
            missing.append(_("%(document)s à établir") % {"document": KINDS[kind]})
            continue
        if is_outdated(document, engagement):
            missing.append(
                _("%(document)s à établir à nouveau (les dates ou la régularisation ont changé)")
                % {"document": KINDS[kind]}
            )
            continue
        done = {a.party for a in document.acceptances.all()}
        waiting = [str(PARTY_LABELS[p]) for p in accepting_parties(document) if p not in done]
        if waiting:
            missing.append(
                _("%(document)s à accepter par %(parties)s")
                % {"document": KINDS[kind], "parties": ", ".join(waiting)}
            )
    return missing


def is_outdated(document: EngagementDocument, engagement: Engagement) -> bool:
    """A document written before the dates moved or before a regularisation no longer says what everyone
    agrees to: a new version must be written (documents written before the placeholder existed have none)."""
    context = document.context or {}
    return (context.get("date_debut"), context.get("date_fin"), context.get("regularisation", "")) != (
        _fr_date(engagement.start_date),
        _fr_date(engagement.end_date),
        regularisation_mention(engagement),
    )


@transaction.atomic
def generate(*, engagement: Engagement, kind: str, by, details: dict | None = None) -> EngagementDocument:
    """HR writes (or rewrites) a document: a new version, needing new acceptances."""
    engagement = engagement_services.lock(engagement)
    if not policies.is_engagement_hr(by, engagement):
        raise TransitionRefused(_("Seule la RH établit les documents."))
    if engagement.state not in EDITABLE_STATES:
        raise TransitionRefused(_("Les documents s'établissent à partir de l'étape des accords."))
    if kind not in kinds_for(engagement):
        raise TransitionRefused(
            _("Ce document ne fait pas partie du dispositif retenu : confirmez d'abord le dispositif.")
        )
    previous = EngagementDocument.objects.filter(engagement=engagement, kind=kind)
    version = (previous.aggregate(v=Max("version"))["v"] or 0) + 1
    if details is None and (last := previous.order_by("-version").first()):
        details = last.context  # rewriting keeps what HR wrote
    context = context_for(engagement, details, version=version)
    template = current_template(engagement.agent.organisation, kind)
    model = template.file.read() if template else default_model(kind)
    if template:
        template.file.close()
    file_format, filled = rendering.fill(model, context)  # TemplateError: a clear message, nothing saved
    blocks = rendering.blocks_of(file_format, filled)
    programme = engagement.mission.programme
    test = bool(programme and programme.is_test)  # « DOCUMENT EN TEST » on every page
    mention = context["regularisation"]
    # An organisation's own model may not have {{ regularisation }} yet: the mention is added at the end, and
    # the three files are then written from the blocks, as for the test mark.
    appended = bool(mention) and not any(mention in text for _kind, text in blocks)
    if appended:
        blocks.append(("paragraph", mention))
    pdf = rendering.pdf_from_blocks(
        blocks,
        title=str(KINDS[kind]),
        test=test,
        footer=_("Passerelles — %(document)s, version %(version)s")
        % {"document": KINDS[kind], "version": version},
    )
    rebuild = test or appended
    docx = filled if file_format == "docx" and not rebuild else rendering.docx_from_blocks(blocks, test=test)
    odt = filled if file_format == "odt" and not rebuild else rendering.odt_from_blocks(blocks, test=test)
    previous.filter(superseded_at__isnull=True).update(superseded_at=timezone.now())
    name = f"{kind}-{engagement.pk}-v{version}"
    document = EngagementDocument(
        engagement=engagement,
        kind=kind,
        version=version,
        context=context,
        template=template,
        sha256=hashlib.sha256(pdf).hexdigest(),
        test_mark=test,
        created_by=by,
    )
    document.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    document.odt.save(f"{name}.odt", ContentFile(odt), save=False)
    document.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    document.save()
    engagement_services.note(engagement, "document_written", by=by, comment=f"{KINDS[kind]} v{version}")
    for party in accepting_parties(document):
        for user in engagement_services.party_users(engagement, party):
            notify(
                user=user,
                subject=_("À accepter : %(document)s — « %(title)s »")
                % {"document": KINDS[kind], "title": engagement.mission.title},
                message=_(
                    "Une nouvelle version (%(version)s) vous attend : lisez-la, puis acceptez-la dans Passerelles."
                )
                % {"version": version},
                url=reverse("engagement_detail", kwargs={"engagement_id": engagement.pk}),
                action_needed=True,
            )
    return document


@transaction.atomic
def accept(*, document: EngagementDocument, party: str, by) -> DocumentAcceptance:
    """A party accepts the current version; with the last acceptance the engagement may become ready."""
    engagement = engagement_services.lock(document.engagement)
    document = EngagementDocument.objects.select_for_update().get(pk=document.pk)
    if document.superseded_at is not None:
        raise TransitionRefused(
            _("Ce document a été remplacé par une nouvelle version : acceptez la plus récente.")
        )
    if party not in accepting_parties(document):
        raise TransitionRefused(_("Cette partie n'accepte pas ce document."))
    speaks_for = engagement_services.parties_of(by, engagement)
    allowed = engagement.agent.user_id == by.pk if party == "agent" else party in speaks_for
    if not allowed:
        raise TransitionRefused(_("Cette acceptation ne vous revient pas."))
    if document.acceptances.filter(party=party).exists():
        raise TransitionRefused(_("Ce document est déjà accepté pour cette partie."))
    acceptance = DocumentAcceptance.objects.create(
        document=document, party=party, user=by, name=str(by), sha256=document.sha256
    )
    engagement_services.note(
        engagement,
        "document_accepted",
        by=by,
        comment=f"{KINDS[document.kind]} v{document.version} · {PARTY_LABELS[party]} · {document.sha256[:12]}",
    )
    engagement_services.try_ready(engagement, by=by)
    engagement.save()
    return acceptance


def bundle(document: EngagementDocument) -> bytes:
    """For the paper file: the PDF, and the record of who accepted exactly this file and when."""
    record = {
        "document": str(KINDS[document.kind]),
        "version": document.version,
        "engagement": document.engagement_id,
        "sha256_pdf": document.sha256,
        "etabli_le": timezone.localtime(document.created_at).isoformat(),
        "acceptations": [
            {
                "partie": str(PARTY_LABELS.get(a.party, a.party)),
                "nom": a.name,
                "accepte_le": timezone.localtime(a.accepted_at).isoformat(),
                "sha256": a.sha256,
            }
            for a in document.acceptances.order_by("accepted_at")
        ],
    }
    lines = [
        f"{record['document']} — version {record['version']}",
        f"Empreinte SHA-256 du PDF : {record['sha256_pdf']}",
        "",
        *[
            f"Accepté par {a['nom']} ({a['partie']}) le {a['accepte_le']} — empreinte {a['sha256']}"
            for a in record["acceptations"]
        ],
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with document.pdf.open("rb") as pdf:
            archive.writestr(f"{document.kind}-v{document.version}.pdf", pdf.read())
        archive.writestr("acceptations.json", json.dumps(record, ensure_ascii=False, indent=2))
        archive.writestr("acceptations.txt", "\n".join(lines) + "\n")
    return out.getvalue()


def documents_missing(engagement: Engagement) -> list[str]:
    """Readiness condition: once a framework is confirmed, its documents are written and accepted
    (``engagements.stages.add_readiness``; before a framework, the frameworks stage says what is missing)."""
    from passerelles.frameworks.models import EngagementFramework

    if not EngagementFramework.objects.filter(engagement=engagement).exists():
        return []
    return missing_acceptances(engagement)

"""Writing an engagement's documents from the organisation's models, and the parties accepting them.

The engagement's employer (the agent's organisation) prepares the documents: its own model when it uploaded
one, the platform's default otherwise. A new version never touches the previous ones nor their acceptances;
the engagement is `ready` only once the current version of every required document is accepted by each of its
parties (see engagements.services.missing_for_ready).
"""

import datetime
import hashlib
import io

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from passerelles.access import policies
from passerelles.documents import content, rendering, sources
from passerelles.documents.content import CRISIS_REIMBURSEMENT, KINDS, PLACEHOLDERS, REIMBURSEMENT
from passerelles.documents.models import DocumentTemplate, EngagementDocument
from passerelles.engagements import services as engagement_services
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Engagement, Party
from passerelles.foundation.calendar_fr import checkin_dates
from passerelles.frameworks.boussole import framework
from passerelles.missions.models import Purpose
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify

PACT_DETAILS = ["intention", "attentes_agent", "attentes_accueil", "organisation_equipe", "conditions_retour"]
PARTY_LABELS = {
    "agent": _("l'agent"),
    Party.MANAGER: _("l'encadrant·e"),
    Party.HOST: _("l'accueil"),
    Party.HR: _("la RH"),
    Party.SIGNATORY: _("le ou la signataire"),
    Party.HOST_HR: _("la RH de l'accueil"),
    Party.HOST_SIGNATORY: _("l'autorité de l'accueil"),
    "sponsor": _("le parrain ou la marraine"),
}
REPRESENTED = {"le": "représenté", "la": "représentée", "les": "représentés"}
EDITABLE_STATES = (State.AGREEMENTS, State.READY, State.ACTIVE, State.ENDED, State.EVALUATED)


def is_crisis(engagement) -> bool:
    """A crisis engagement (issue 17): its documents are the short crisis versions, with lighter parties."""
    return engagement.mission.purpose == Purpose.CRISE


def _fr_date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def duration_words(start: datetime.date, end: datetime.date) -> str:
    """« 18 mois », « 2 mois et 5 jours », « 12 jours »: the period, both days included, as acts state it."""
    span = relativedelta(end + datetime.timedelta(days=1), start)
    months, days = span.years * 12 + span.months, span.days
    day_words = f"{days} jour{'s' if days > 1 else ''}"
    if not months:
        return day_words
    return f"{months} mois" + (f" et {day_words}" if days else "")


def _framework_code(engagement) -> str | None:
    chosen = getattr(engagement, "framework", None)
    return chosen.code if chosen else None


def reimbursement_text(engagement: Engagement, details: dict) -> str:
    """What HR decided about pay and reimbursement (the generate form), in the words the act prints; by default,
    the rule: nothing between two services of one employer, full reimbursement between two employers."""
    same = engagement.agent.organisation_id == engagement.mission.organisation_id
    if not details.get("remboursement_choix") and not same and is_crisis(engagement):
        return CRISIS_REIMBURSEMENT
    choice = details.get("remboursement_choix") or ("sans_objet" if same else "integral")
    detail = (details.get("remboursement_detail") or "").strip()
    if choice == "integral":  # the amounts the reimbursement page computed, when it did
        return REIMBURSEMENT["integral"].format(detail=f" : {detail}" if detail else "")
    return REIMBURSEMENT.get(choice, REIMBURSEMENT["autre"]).format(detail=detail or "—")


def context_for(
    engagement: Engagement, details: dict | None = None, *, version: int = 1, kind: str = ""
) -> dict:
    """Every placeholder's value for this engagement (the pact's own texts and HR's decision on reimbursement
    come from ``details``)."""
    agent, mission = engagement.agent, engagement.mission
    employer, host = agent.organisation, mission.organisation
    chosen = getattr(engagement, "framework", None)
    agreements = engagement.agreements.filter(round=engagement.agreement_round).select_related("decided_by")
    details = {**(details or {}), **sources.fresh_details(engagement)}
    crisis = is_crisis(engagement)
    context = {
        "titre_document": content.title_for(kind, chosen.code if chosen else None, crisis) if kind else "",
        "agent_nom_complet": agent.full_name,
        "agent_organisation": employer.name,
        "agent_service": agent.unit.name if agent.unit_id else "—",
        "agent_statut": agent.get_status_display(),
        "agent_grade": agent.grade or "—",
        "encadrant_nom": agent.manager.full_name if agent.manager_id else "—",
        "employeur_designation": employer.designation,
        "employeur_de": employer.designation_de,
        "employeur_represente": REPRESENTED.get(employer.article, "représenté(e)"),
        "employeur_adresse": " — ".join(
            line.strip() for line in employer.address.splitlines() if line.strip()
        )
        or "—",
        "lieu_signature": employer.city or "……………………",
        "mission_titre": mission.title,
        "mission_description": mission.description,
        "mission_objet": mission.get_purpose_display(),
        "accueil_organisation": host.name,
        "accueil_designation": host.designation,
        "accueil_de": host.designation_de,
        "accueil_a": host.designation_a,
        "accueil_represente": REPRESENTED.get(host.article, "représenté(e)"),
        "accueil_service": mission.host_unit.name,
        "porteur_projet": mission.project_lead.full_name,
        "date_debut": _fr_date(engagement.start_date),
        "date_fin": _fr_date(engagement.end_date),
        "duree": duration_words(engagement.start_date, engagement.end_date),
        "quotite": f"{engagement.percent} % du temps de travail",
        "dispositif": chosen.recommendation["label"] if chosen else "—",
        "references_juridiques": " ; ".join(chosen.recommendation["legal_refs"]) if chosen else "—",
        "argent": chosen.recommendation["money"] if chosen else "—",
        "remboursement": reimbursement_text(engagement, details),
        "accords": ", ".join(
            f"{a.get_party_display()} : {a.get_decision_display().lower()}" for a in agreements
        )
        or "—",
        "points_etape": ", ".join(
            _fr_date(d) for d in checkin_dates(engagement.start_date, engagement.end_date)
        ),
        "regularisation": regularisation_mention(engagement),
        "acte_modifie": details.get("acte_modifie") or "—",
        "ancienne_date_fin": details.get("ancienne_date_fin") or "—",
        "avenant_numero": details.get("avenant_numero") or "—",
        "date_document": _fr_date(timezone.localdate()),
        "version": str(version),
    }
    for name in (*PACT_DETAILS, *sources.LATER_STAGES):
        context[name] = (details.get(name) or "").strip() or "—"
    assert set(context) == set(PLACEHOLDERS), "every placeholder has a value"
    # what HR chose on the form, kept so that a rewrite says the same (not placeholders)
    for name in ("remboursement_choix", "remboursement_detail"):
        if details.get(name):
            context[name] = details[name]
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


def default_model(kind: str, organisation=None) -> bytes:
    """The platform's model of a kind, as an organisation downloads it to adapt (its letterhead when known)."""
    meta = rendering.Meta(
        str(KINDS[kind]), organisation.name if organisation else "", _letterhead(organisation)
    )
    return rendering.default_docx(content.blocks_for(kind), meta=meta)


def _letterhead(organisation) -> rendering.Letterhead | None:
    """The organisation's name, address and logo (re-encoded as a small PNG) for the header of its documents."""
    if organisation is None:
        return None
    logo = None
    if organisation.logo:
        try:
            with organisation.logo.open("rb") as file, Image.open(file) as image:
                image.thumbnail((600, 240))
                out = io.BytesIO()
                image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB").save(out, "PNG")
                logo = out.getvalue()
        except (OSError, ValueError):  # a logo gone from the storage: the letterhead without it
            logo = None
    return rendering.Letterhead(organisation.name, organisation.address, logo)


def current_template(organisation, kind: str) -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(organisation=organisation, kind=kind).order_by("-version").first()


def kinds_for(engagement: Engagement) -> list[str]:
    """The documents this engagement's framework calls for, among those Passerelles writes (pact first), and
    the avenant once an extension wrote one."""
    code = _framework_code(engagement)
    if code is None:
        return []
    kinds = [kind for kind in framework(code)["documents"] if kind in KINDS]
    kinds = ["pacte", *[k for k in kinds if k != "pacte"]]
    if EngagementDocument.objects.filter(engagement=engagement, kind="avenant").exists():
        kinds.append("avenant")
    return kinds


def required_kinds(engagement: Engagement) -> list[str]:
    """The acts accepted before `ready`, as content.REQUIRED says for the framework."""
    return content.required_for(_framework_code(engagement))


def accepting_parties(document: EngagementDocument, required: list[str] | None = None) -> list[str]:
    """Who accepts this document: as the content says (an avenant: the parties of the act it amends), each
    party the engagement does not ask replaced by the one who speaks for it (signatory → HR, host's authority
    → host's HR → host; a manager the agent does not have is dropped). ``required``: the engagement's required
    parties when the caller already has them (a list of many documents, without a query each). Then the
    people this version names (the sponsor of the pact: ``named``)."""
    engagement = document.engagement
    asked = set(engagement_services.required_parties(engagement) if required is None else required)
    kind = document.kind
    if kind == "avenant" and document.amends_id:
        kind = document.amends.kind
    crisis = is_crisis(engagement) and kind in content.CRISIS_ACCEPTING_PARTIES
    parties = (content.CRISIS_ACCEPTING_PARTIES if crisis else content.ACCEPTING_PARTIES)[kind]
    named = [p for p in content.NAMED_PARTIES if p in (document.named or {})]
    return content.resolve_parties(parties, asked) + named


def party_people(document: EngagementDocument, party: str) -> set:
    """Who may accept for a party (whom to ask): the person this version names, or the engagement's."""
    if party in content.NAMED_PARTIES:
        named = (document.named or {}).get(party)
        return set(get_user_model().objects.filter(agent__pk=named)) if named else set()
    return engagement_services.party_users(document.engagement, party)


def current_documents(engagement: Engagement) -> list[EngagementDocument]:
    """Current documents, holding the caller's ``engagement`` (not fetched again for each)."""
    documents = list(
        EngagementDocument.objects.filter(engagement=engagement, superseded_at__isnull=True).prefetch_related(
            "acceptances"
        )
    )
    for document in documents:
        document.engagement = engagement
    return documents


def missing_acceptances(engagement: Engagement) -> list[str]:
    """In words, what the required documents still wait for (empty when all are accepted)."""
    current = {d.kind: d for d in current_documents(engagement)}
    required = engagement_services.required_parties(engagement) if current else []
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
        if (document.named or {}) != sources.named_parties(engagement, kind):
            missing.append(
                _("%(document)s à établir à nouveau : il ne nomme pas le parrain ou la marraine désigné·e")
                % {"document": KINDS[kind]}
            )
            continue
        done = {a.party for a in document.acceptances.all()}
        waiting = [str(PARTY_LABELS[p]) for p in accepting_parties(document, required) if p not in done]
        if waiting:
            missing.append(
                _("%(document)s à accepter par %(parties)s")
                % {"document": KINDS[kind], "parties": ", ".join(waiting)}
            )
    return missing


def is_outdated(document: EngagementDocument, engagement: Engagement) -> bool:
    """A document written before the dates moved or before a regularisation no longer says what everyone
    agrees to: a new version must be written (documents written before the placeholder existed have none).
    A later end date is covered by an avenant (accepted or waiting) that states it: no new version then."""
    context = document.context or {}
    start, end = _fr_date(engagement.start_date), _fr_date(engagement.end_date)
    if (context.get("date_debut"), context.get("regularisation", "")) != (
        start,
        regularisation_mention(engagement),
    ):
        return True
    if context.get("date_fin") == end:
        return False
    return not EngagementDocument.objects.filter(
        engagement=engagement, kind="avenant", superseded_at__isnull=True, context__date_fin=end
    ).exists()


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
    previous = EngagementDocument.objects.filter(engagement=engagement, kind=kind).order_by("-version")
    last = previous.first()
    kept = dict(last.context) if last else {}  # rewriting keeps what HR wrote (and an avenant its terms)
    kept.update(_decided_reimbursement(engagement))  # HR's latest decision: every act says the same
    details = {**kept, **details} if details is not None else kept
    details.update(sources.registered_decision(engagement))  # recorded on the reimbursement page: it wins
    return _write(engagement, kind, by=by, details=details, amends=last.amends if last else None)


def _decided_reimbursement(engagement: Engagement) -> dict:
    if found := sources.registered_decision(engagement):
        return found
    last = (
        EngagementDocument.objects.filter(engagement=engagement, context__has_key="remboursement_choix")
        .order_by("-created_at", "-pk")
        .first()
    )
    if last is None:
        return {}
    return {k: last.context[k] for k in ("remboursement_choix", "remboursement_detail") if k in last.context}


def _write(engagement, kind, *, by, details, amends=None, notify_parties=True) -> EngagementDocument:
    """Write the three files of a new version from the organisation's model (or the default one) and ask its
    parties to accept it (``notify_parties``: by a message each; without it they find it in « À faire »).
    The caller holds the engagement's lock."""
    previous = EngagementDocument.objects.filter(engagement=engagement, kind=kind)
    version = (previous.aggregate(v=Max("version"))["v"] or 0) + 1
    context = context_for(engagement, details, version=version, kind=kind)
    code = _framework_code(engagement)
    crisis = is_crisis(engagement)
    employer = engagement.agent.organisation
    title = content.title_for(kind, code, crisis)
    programme = engagement.mission.programme
    test = bool(programme and programme.is_test)  # « DOCUMENT EN TEST » on every page
    meta = rendering.Meta(title, employer.name, _letterhead(employer), test)
    named = sources.named_parties(engagement, kind)  # the sponsor, a party of the pact that names them
    template = current_template(employer, kind)
    if template:
        model = template.file.read()
        template.file.close()
    else:  # the platform's model, with the signature blocks of this engagement's parties
        document = EngagementDocument(engagement=engagement, kind=kind, amends=amends, named=named)
        blocks = content.blocks_for(kind, code, accepting_parties(document), crisis)
        model = rendering.default_docx(blocks, meta=meta)
    values = {name: context[name] for name in PLACEHOLDERS}
    file_format, filled = rendering.fill(model, values)  # TemplateError: a clear message, nothing saved
    blocks = rendering.blocks_of(file_format, filled)
    mention = context["regularisation"]
    # An organisation's own model may not have {{ regularisation }} yet: the mention is added at the end, and
    # the three files are then written from the blocks, as for the test mark.
    appended = bool(mention) and not any(mention in text for _kind, text in blocks)
    if appended:
        blocks.append(("paragraph", mention))
    # The PDF is made from the filled model: its blocks and the letterhead its header carries.
    letterhead = rendering.letterhead_of(file_format, filled) or meta.letterhead
    pdf = rendering.pdf_from_blocks(
        blocks, title=title, test=test, footer=_footer(kind, version), letterhead=letterhead
    )
    rebuild = (test and template is not None) or appended
    if file_format == "docx" and not rebuild:
        docx = filled if template is None else rendering.finish_docx(filled, meta)
    else:
        docx = rendering.docx_from_blocks(blocks, meta=meta)
    if file_format == "odt" and not rebuild:
        odt = rendering.finish_odt(filled, meta)
    else:
        odt = rendering.odt_from_blocks(blocks, meta=meta)
    previous.filter(superseded_at__isnull=True).update(superseded_at=timezone.now())
    name = f"{kind}-{engagement.pk}-v{version}"
    document = EngagementDocument(
        engagement=engagement,
        kind=kind,
        version=version,
        context=context,
        template=template,
        amends=amends,
        sha256=hashlib.sha256(pdf).hexdigest(),
        test_mark=test,
        named=named,
        created_by=by,
    )
    document.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    document.odt.save(f"{name}.odt", ContentFile(odt), save=False)
    document.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    document.save()
    engagement_services.note(engagement, "document_written", by=by, comment=f"{KINDS[kind]} v{version}")
    for party in accepting_parties(document) if notify_parties else ():
        page = sources.NAMED_PAGES.get(party)  # a named party reads and accepts on its own page
        url = (
            page(engagement)
            if page
            else reverse("engagement_detail", kwargs={"engagement_id": engagement.pk})
        )
        for user in party_people(document, party):
            with in_language_of(user):
                notify(
                    user=user,
                    subject=_("À accepter : %(document)s — « %(title)s »")
                    % {"document": KINDS[kind], "title": engagement.mission.title},
                    message=_(
                        "Une nouvelle version (%(version)s) vous attend : lisez-la, puis acceptez-la dans Passerelles."
                    )
                    % {"version": version},
                    url=url,
                    action_needed=True,
                    kind=NotificationKind.DOCUMENT,
                )
    return document


def _footer(kind: str, version: int) -> str:
    return _("Passerelles — %(document)s, version %(version)s") % {
        "document": KINDS[kind],
        "version": version,
    }


def write_avenant(engagement: Engagement, previous_end: datetime.date, by) -> EngagementDocument | None:
    """On extension (``engagements.stages.on_extended``): the avenant that moves the end date of the act the
    framework rests on (its convention, else the pact), to be accepted by that act's parties. Written in the
    extension's transaction, by the person whose agreement completed it; nothing without a framework."""
    code = _framework_code(engagement)
    if code is None:
        return None
    base_kind = content.avenant_base(framework(code)["documents"])
    base = (
        EngagementDocument.objects.filter(engagement=engagement, kind=base_kind, superseded_at__isnull=True)
        .order_by("-version")
        .first()
    )
    base_title = content.title_for(base_kind, code, is_crisis(engagement))
    amended = (
        f"{base_title} (version {base.version} du {_fr_date(timezone.localtime(base.created_at).date())})"
        if base
        else base_title
    )
    number = EngagementDocument.objects.filter(engagement=engagement, kind="avenant").values(
        "context__date_fin"
    )
    details = {
        "acte_modifie": amended,
        "ancienne_date_fin": _fr_date(previous_end),
        "avenant_numero": str(len({row["context__date_fin"] for row in number}) + 1),
        **_decided_reimbursement(engagement),
    }
    if base is None:  # the avenant names its act and its parties even if that act predates Passerelles
        base = EngagementDocument.objects.filter(engagement=engagement, kind=base_kind).first()
    return _write(engagement, "avenant", by=by, details=details, amends=base)


def is_fully_accepted(document: EngagementDocument, parties: list[str] | None = None) -> bool:
    """Every accepting party accepted this version (a document nobody accepts is never « accepted »)."""
    parties = accepting_parties(document) if parties is None else parties
    done = {a.party for a in document.acceptances.all()}
    return bool(parties) and all(p in done for p in parties)


def documents_missing(engagement: Engagement) -> list[str]:
    """Readiness condition: once a framework is confirmed, its documents are written and accepted
    (``engagements.stages.add_readiness``; before a framework, the frameworks stage says what is missing)."""
    from passerelles.frameworks.models import EngagementFramework

    if not EngagementFramework.objects.filter(engagement=engagement).exists():
        return []
    if is_crisis(engagement):  # the crisis path: the publication is HR's act (crisis/publication.py)
        return []
    return missing_acceptances(engagement)

"""A party accepts a document: the current version, for a party it speaks for, in the signing order.

Who speaks for a party: the agent for themself; a person a later stage names in this version (the sponsor of
the pact, ``EngagementDocument.named``) for that party alone — they need not read the engagement; any other
party as ``engagements.services.parties_of`` says.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.documents import content
from passerelles.documents.content import KINDS
from passerelles.documents.models import DocumentAcceptance, EngagementDocument
from passerelles.documents.services import PARTY_LABELS, accepting_parties, is_fully_accepted
from passerelles.engagements import services as engagement_services
from passerelles.engagements.lifecycle import TransitionRefused


def speaks_for(user, engagement, document: EngagementDocument, party: str) -> bool:
    if party == "agent":
        return engagement.agent.user_id == user.pk
    if party in content.NAMED_PARTIES:
        agent = get_actor(user).agent
        return agent is not None and agent.pk == (document.named or {}).get(party)
    return party in engagement_services.parties_of(user, engagement)


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
    if not speaks_for(by, engagement, document, party):
        raise TransitionRefused(_("Cette acceptation ne vous revient pas."))
    if document.acceptances.filter(party=party).exists():
        raise TransitionRefused(_("Ce document est déjà accepté pour cette partie."))
    check_signing_order(engagement, document)
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


def check_signing_order(engagement, document) -> None:
    """An act signs after the document it follows (an arrêté after its convention), in the platform as at the
    parapheur: TransitionRefused otherwise."""
    if (before := content.AFTER.get(document.kind)) and not _fully_accepted_kind(engagement, before):
        raise TransitionRefused(
            _(
                "%(act)s se signe après la %(before)s : celle-ci n'est pas encore acceptée par chacune de ses parties."
            )
            % {"act": KINDS[document.kind], "before": str(KINDS[before])[0].lower() + str(KINDS[before])[1:]}
        )


def _fully_accepted_kind(engagement, kind) -> bool:
    document = EngagementDocument.objects.filter(
        engagement=engagement, kind=kind, superseded_at__isnull=True
    ).first()
    return document is not None and is_fully_accepted(document)

"""The electronic parapheur (issue 20): the bundle an organisation drops into its parapheur, and the signed PDF
it brings back, which becomes the accepted version of the document.

Why a bundle rather than a connector: each organisation has its own parapheur (iXBus, Fast, i-Parapheur /
Pastell by Libriciel…), its own circuits and its own account there; all of them take a PDF and let its
metadata be mapped on import. The bundle is that PDF plus ``metadata.json`` and ``metadata.xml`` (the same
fields), described in docs/documents.md, « Parapheur électronique ».

What comes back is checked before anything is kept: a real PDF (its magic bytes, then read by pypdf), within
SIGNED_PDF_MAX_BYTES, not protected by a password. It is kept privately (served only by the checked view of
the « version acceptée »), with its SHA-256, who brought it and when; each party that had not accepted yet is
recorded as having signed at the parapheur, so the engagement moves on as when the last party accepts.
"""

import hashlib
import io
import json
import logging
import zipfile
from xml.etree import ElementTree

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.documents import content, rules
from passerelles.documents.acceptances import check_signing_order
from passerelles.documents.content import KINDS
from passerelles.documents.models import AcceptanceWay, DocumentAcceptance, EngagementDocument
from passerelles.documents.services import (
    PARTY_LABELS,
    _framework_code,
    accepting_parties,
    is_crisis,
    is_fully_accepted,
    party_people,
)
from passerelles.engagements import services as engagement_services
from passerelles.engagements.lifecycle import TransitionRefused

logger = logging.getLogger(__name__)

FORMAT = "passerelles-parapheur/1"
PDF_MAGIC = b"%PDF-"


class NotASignedPdf(ValueError):
    """The file brought back is refused, with the reason in words."""


def awaiting_signature(document: EngagementDocument, parties: list[str] | None = None) -> bool:
    """The current version, still waiting for at least one party, and no signed PDF brought back yet."""
    return (
        document.superseded_at is None
        and not document.signed_pdf
        and not is_fully_accepted(document, parties)
    )


def _title(document: EngagementDocument) -> str:
    return (document.context or {}).get("titre_document") or content.title_for(
        document.kind, _framework_code(document.engagement), is_crisis(document.engagement)
    )


def metadata(document: EngagementDocument) -> dict:
    """What the parapheur maps: the document, its organisation, the engagement, the signatories in the order
    they sign (each party and who speaks for it, when Passerelles knows), the SHA-256 of the PDF."""
    engagement = document.engagement
    employer = engagement.agent.organisation
    done = {a.party for a in document.acceptances.all()}
    signatories = []
    for order, party in enumerate(accepting_parties(document), start=1):
        users = party_people(document, party) if party != "agent" else []
        names = [engagement.agent.full_name] if party == "agent" else sorted(str(u) for u in users)
        signatories.append(
            {
                "ordre": order,
                "partie": party,
                "role": str(PARTY_LABELS[party]),
                "noms": names,
                "deja_accepte": party in done,
            }
        )
    return {
        "format": FORMAT,
        "document": {
            "titre": _title(document),
            "type": document.kind,
            "type_libelle": str(KINDS[document.kind]),
            "version": document.version,
            "fichier": pdf_name(document),
            "sha256": document.sha256,
            "etabli_le": timezone.localtime(document.created_at).isoformat(),
        },
        "organisation": {
            "nom": employer.name,
            "siret": employer.siret or None,
            "identifiant": employer.slug,
        },
        "engagement": {
            "reference": f"PASSERELLES-ENG-{engagement.pk}",
            "id": engagement.pk,
            "mission": engagement.mission.title,
            "accueil": engagement.mission.organisation.name,
        },
        "signataires": signatories,
        "cree_le": timezone.localtime().isoformat(),
    }


def pdf_name(document: EngagementDocument) -> str:
    return f"{document.kind}-v{document.version}.pdf"


def metadata_xml(meta: dict) -> bytes:
    """The same fields as metadata.json, as XML elements (the parapheurs' import screens read either)."""
    root = ElementTree.Element("parapheur", {"format": meta["format"]})

    def add(parent, name, value):
        element = ElementTree.SubElement(parent, name)
        if isinstance(value, dict):
            for key, item in value.items():
                add(element, key, item)
        elif isinstance(value, list):
            for item in value:
                add(element, "nom" if name == "noms" else "signataire", item)
        elif value is not None:
            element.text = str(value).lower() if isinstance(value, bool) else str(value)
        return element

    for key, value in meta.items():
        if key != "format":
            add(root, key, value)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def bundle(document: EngagementDocument) -> bytes:
    """The ZIP to drop into the parapheur: the PDF, metadata.json, metadata.xml."""
    meta = metadata(document)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with document.pdf.open("rb") as pdf:
            archive.writestr(pdf_name(document), pdf.read())
        archive.writestr("metadata.json", json.dumps(meta, ensure_ascii=False, indent=2))
        archive.writestr("metadata.xml", metadata_xml(meta))
    return out.getvalue()


def read_signed_pdf(upload) -> tuple[bytes, bool]:
    """The bytes of a signed PDF and whether it carries a digital signature; NotASignedPdf with the reason
    otherwise. Reads at most the limit plus one byte: a bigger file is refused without being read whole."""
    limit = settings.SIGNED_PDF_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise NotASignedPdf(_too_big(limit))
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise NotASignedPdf(_too_big(limit))
    if not data.startswith(PDF_MAGIC):
        raise NotASignedPdf(_("Ce fichier n'est pas un PDF : déposez le PDF signé rendu par le parapheur."))
    from pypdf import PdfReader  # read only here: pypdf is needed by this upload alone

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise NotASignedPdf(
                _("Ce PDF est protégé par un mot de passe : déposez une version sans mot de passe.")
            )
        if len(reader.pages) < 1:
            raise NotASignedPdf(_("Ce PDF ne contient aucune page."))
        signed = _has_signature(reader)
    except NotASignedPdf:
        raise
    except Exception as exc:  # noqa: BLE001 — any reading failure is a damaged or forged file, said so
        logger.info("Signed PDF refused: %s", exc.__class__.__name__)
        raise NotASignedPdf(
            _("Ce PDF est illisible ou endommagé : déposez le fichier rendu par le parapheur.")
        ) from exc
    return data, signed


def _too_big(limit: int) -> str:
    return _("Le PDF signé ne doit pas dépasser %(size)s Mo.") % {"size": limit // (1024 * 1024)}


def _has_signature(reader) -> bool:
    """A signature field with a value (/FT /Sig, /V): the PDF was signed electronically (not verified here —
    the parapheur did; this only tells HR whether the file carries a signature or is, say, a scan)."""
    fields = reader.get_fields() or {}
    return any(field.get("/FT") == "/Sig" and field.get("/V") is not None for field in fields.values())


@transaction.atomic
def record_signed(*, document: EngagementDocument, data: bytes, digitally: bool, by) -> EngagementDocument:
    """The signed PDF becomes the accepted version; each party still waiting is recorded as signed at the
    parapheur; the engagement may then become ready (as with the last acceptance)."""
    engagement = engagement_services.lock(document.engagement)
    document = EngagementDocument.objects.select_for_update().get(pk=document.pk)
    if not rules.can_file_signed_pdf(by, engagement):
        raise TransitionRefused(_("Le dépôt d'un document signé revient à la RH ou au ou à la signataire."))
    parties = accepting_parties(document)
    if not awaiting_signature(document, parties):
        raise TransitionRefused(_("Ce document n'attend plus de signature : rien n'a été enregistré."))
    check_signing_order(engagement, document)
    now = timezone.now()
    digest = hashlib.sha256(data).hexdigest()
    document.signed_pdf.save(
        f"{document.kind}-{engagement.pk}-v{document.version}-signe.pdf", ContentFile(data), save=False
    )
    document.signed_sha256 = digest
    document.signed_digitally = digitally
    document.signed_recorded_by = by
    document.signed_recorded_at = now
    document.save(
        update_fields=[
            "signed_pdf",
            "signed_sha256",
            "signed_digitally",
            "signed_recorded_by",
            "signed_recorded_at",
        ]
    )
    done = set(document.acceptances.values_list("party", flat=True))
    for party in parties:
        if party not in done:
            DocumentAcceptance.objects.create(
                document=document,
                party=party,
                user=by,
                name=str(by),  # who brought the signed PDF back (``way`` says it was signed at the parapheur)
                sha256=document.sha256,
                way=AcceptanceWay.PARAPHEUR,
            )
    engagement_services.note(
        engagement,
        "document_signed",
        by=by,
        comment=f"{KINDS[document.kind]} v{document.version} · {digest[:12]}",
    )
    engagement_services.try_ready(engagement, by=by)
    engagement.save()
    return document

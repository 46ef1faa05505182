"""The paper file of an accepted document: the « version acceptée » (the same document plus a page recording
who accepted it, when, and the SHA-256 of the file they accepted) and the bundle HR files away. Written from
the stored files only: nothing here changes what was accepted."""

import io
import json
import zipfile

from django.core.files.base import ContentFile
from django.utils import timezone

from passerelles.documents import content, rendering
from passerelles.documents.content import KINDS
from passerelles.documents.models import EngagementDocument
from passerelles.documents.services import (
    PARTY_LABELS,
    _footer,
    _fr_date,
    _framework_code,
    _letterhead,
    is_fully_accepted,
)


def accepted_version(document: EngagementDocument) -> bytes | None:
    """The « version acceptée »: the same document plus a last page recording each party's name, date and
    the SHA-256 of the PDF they accepted — written once every party accepted (then kept), None before. The
    original PDF is untouched: its SHA-256 stays the one accepted. A PDF signed in the electronic parapheur
    and brought back (parapheur.py) is the accepted version itself."""
    if document.signed_pdf:
        with document.signed_pdf.open("rb") as file:
            return file.read()
    if document.accepted_pdf:
        with document.accepted_pdf.open("rb") as file:
            return file.read()
    if not is_fully_accepted(document):
        return None
    with document.docx.open("rb") as file:
        filled = file.read()
    blocks, letterhead = rendering.blocks_of("docx", filled), rendering.letterhead_of("docx", filled)
    engagement = document.engagement
    letterhead = letterhead or _letterhead(engagement.agent.organisation)
    title = content.title_for(document.kind, _framework_code(engagement))
    record = {
        "intro": f"{title}, version {document.version}, établi le "
        f"{_fr_date(timezone.localtime(document.created_at).date())} : accepté dans Passerelles par chacune "
        "des parties (compte authentifié, date et heure, empreinte du fichier accepté).",
        "sha256": document.sha256,
        "lines": [
            rendering.RecordLine(
                str(PARTY_LABELS.get(a.party, a.party)).capitalize(),
                a.name,
                f"{timezone.localtime(a.accepted_at):%d/%m/%Y à %H:%M}",
                a.sha256,
            )
            for a in document.acceptances.order_by("accepted_at", "pk")
        ],
    }
    pdf = rendering.pdf_from_blocks(
        blocks,
        title=f"{title} — version acceptée",
        test=document.test_mark,
        footer=_footer(document.kind, document.version),
        letterhead=letterhead,
        record=record,
    )
    document.accepted_pdf.save(
        f"{document.kind}-{engagement.pk}-v{document.version}-acceptee.pdf", ContentFile(pdf)
    )
    return pdf


def bundle(document: EngagementDocument) -> bytes:
    """For the paper file: the PDF, and the record of who accepted exactly this file and when."""
    record = {
        "document": str(KINDS[document.kind]),
        "version": document.version,
        "engagement": document.engagement_id,
        "sha256_pdf": document.sha256,
        "sha256_pdf_signe": document.signed_sha256 or None,
        "etabli_le": timezone.localtime(document.created_at).isoformat(),
        "acceptations": [
            {
                "partie": str(PARTY_LABELS.get(a.party, a.party)),
                "nom": a.name,
                "accepte_le": timezone.localtime(a.accepted_at).isoformat(),
                "sha256": a.sha256,
                "mode": a.get_way_display(),
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
        if accepted := accepted_version(document):
            archive.writestr(f"{document.kind}-v{document.version}-version-acceptee.pdf", accepted)
        archive.writestr("acceptations.json", json.dumps(record, ensure_ascii=False, indent=2))
        archive.writestr("acceptations.txt", "\n".join(lines) + "\n")
    return out.getvalue()

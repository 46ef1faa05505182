"""When a waiver of reimbursement is allowed (plain rules, no database: they read the objects given).

FRAMEWORKS.md §2: a mise à disposition is reimbursed; waivers exist in the cases the law lists — between a
collectivité and an établissement public attached to it — and a MAD to an association is always reimbursed
(a subsidy may offset it). A mécénat de compétences may be free of charge (§5: it then counts as a subsidy).
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from passerelles.reimbursements.models import WaiverReason

ASSOCIATION_KINDS = ("association", "fondation")
FREE_ALLOWED_FRAMEWORKS = ("mecenat_competences",)
MAX_AMOUNT = Decimal("1000000")


def attached(origin, host) -> bool:
    """One of the two organisations is attached to the other (a CCAS to its commune, for instance)."""
    return origin.attached_to_id == host.pk or host.attached_to_id == origin.pk


def waiver_refusal(*, reason: str, detail: str, origin, host, framework_code: str | None) -> str:
    """Why this waiver cannot be recorded (« » when it can), in the words HR reads."""
    if reason not in WaiverReason.values:
        return _("Choisissez le motif légal de l'exonération.")
    if host.kind in ASSOCIATION_KINDS and framework_code not in FREE_ALLOWED_FRAMEWORKS:
        return _(
            "Une mise à disposition auprès d'une association ou d'une fondation est toujours remboursée "
            "(une subvention peut la compenser) : l'exonération n'est pas possible."
        )
    if reason == WaiverReason.ATTACHED and not attached(origin, host):
        return _(
            "%(origin)s et %(host)s ne sont pas rattachés l'un à l'autre : ce motif ne s'applique pas. "
            "Choisissez « Autre » et précisez le motif."
        ) % {"origin": origin.display_name, "host": host.display_name}
    if reason == WaiverReason.OTHER and not detail.strip():
        return _("Précisez le motif de l'exonération : le document l'écrit tel quel.")
    return ""


def parse_amount(value) -> tuple[Decimal | None, str]:
    """An amount in euros as people type it (« 42 000,50 », « 42000.5 »): the amount, or why it is refused."""
    text = str(value or "").replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "")
    text = text.replace(",", ".")
    if not text:
        return None, _("Indiquez un montant en euros.")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None, _("Indiquez un montant en euros, par exemple 42 000,50.")
    if not amount.is_finite() or amount <= 0:
        return None, _("Le montant doit être positif.")
    if amount >= MAX_AMOUNT:
        return None, _("Le montant semble trop élevé : vérifiez-le (moins d'un million d'euros).")
    if amount != amount.quantize(Decimal("0.01")):
        return None, _("Le montant se donne au centime près (deux décimales au plus).")
    return amount, ""

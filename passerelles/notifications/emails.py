"""What a notification e-mail looks like: HTML with the organisation's name and colour, the plain text beside
it, one button, why the person receives it, and a one-click way to stop that kind of e-mail.

Mail clients show the HTML; screen readers and text-only clients read the plain text, which carries the same
words. Every link is absolute, built from ``SITE_URL`` (a relative link in an e-mail leads nowhere). The
unsubscribe link is signed (``django.core.signing``): whoever holds the e-mail may turn that kind of e-mail
off for its recipient, nothing else — the standard ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers
(RFC 8058) let the mail client do it in one click.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from passerelles.foundation.colours import MIN_CONTRAST_WITH_WHITE, contrast_ratio
from passerelles.notifications.language import language_of
from passerelles.notifications.models import ALWAYS_ON, EmailChoice, NotificationKind

SIGNATURE = "\n\n—\nPasserelles, la micro-mobilité entre services et administrations."
# A dark blue readable under white text (the platform's own colour), when an organisation has none that is.
FALLBACK_COLOUR = "#1d4e89"
_SALT = "passerelles.notifications.unsubscribe"
# The « kind » of a daily summary's unsubscribe link: every kind the person receives in the summary.
DIGEST = "digest"


def absolute(url: str) -> str:
    """``url`` as a link that works from a mail client."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url if url.startswith('/') else '/' + url}"


def unsubscribe_token(user, kind: str) -> str:
    return signing.Signer(salt=_SALT).sign_object({"u": user.pk, "k": kind})


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) of a genuine token, None for a forged or damaged one."""
    try:
        data = signing.Signer(salt=_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    kind = data.get("k")
    if kind != DIGEST and kind not in NotificationKind.values:
        return None
    return data["u"], kind


def unsubscribe_url(user, kind: str) -> str:
    return absolute(reverse("notification_unsubscribe", kwargs={"token": unsubscribe_token(user, kind)}))


def readable_colour(colour: str) -> str:
    """The organisation's colour if white text on it keeps a 4.5:1 contrast, otherwise a dark blue."""
    try:
        if contrast_ratio(colour, "#ffffff") >= MIN_CONTRAST_WITH_WHITE:
            return colour.lower()
    except ValueError:
        pass
    return FALLBACK_COLOUR


def organisation_for(user):
    """The recipient's organisation (their agent profile's, or the one where they hold a role), or None."""
    from passerelles.organisations.models import Organisation
    from passerelles.outbox.services import organisation_of

    org_id = organisation_of(user)
    return Organisation.objects.filter(pk=org_id).only("name", "theme_colour").first() if org_id else None


@dataclass
class Email:
    subject: str
    body: str
    html_body: str
    headers: dict[str, str]
    organisation: object


def _why(kind: str, choice: str) -> str:
    label = NotificationKind(kind).label if kind in NotificationKind.values else ""
    if kind in ALWAYS_ON:
        return _(
            "Vous recevez ce courriel pour : %(kind)s. Ces courriels ne peuvent pas être arrêtés : ils protègent "
            "votre compte, ou une mission attend votre accord."
        ) % {"kind": label}
    if choice == EmailChoice.DAILY:
        return _("Vous recevez ce récapitulatif parce que vous l'avez choisi pour certaines notifications.")
    return _("Vous recevez ce courriel parce que vous avez choisi d'être prévenu·e pour : %(kind)s.") % {
        "kind": label
    }


def _frame(
    user, *, subject, paragraphs, items=(), after=(), link="", why, unsubscribe=""
) -> tuple[str, object]:
    organisation = organisation_for(user)
    html = render_to_string(
        "notifications/email/message.html",
        {
            "language": language_of(user),
            "subject": subject,
            "organisation_name": organisation.name if organisation else "Passerelles",
            "colour": readable_colour(organisation.theme_colour if organisation else ""),
            "paragraphs": [p for p in paragraphs if p.strip()],
            "items": items,
            "after": [text for text in after if text.strip()],
            "link": link,
            "why": why,
            "preferences_url": absolute(reverse("notification_preferences")),
            "unsubscribe_url": unsubscribe,
        },
    )
    return html, organisation


def _footer_text(why: str, unsubscribe: str) -> str:
    lines = [
        why,
        _("Choisir vos notifications : %(url)s") % {"url": absolute(reverse("notification_preferences"))},
    ]
    if unsubscribe:
        lines.append(_("Ne plus recevoir ces courriels : %(url)s") % {"url": unsubscribe})
    return "\n\n" + "\n".join(lines)


def _headers(unsubscribe: str) -> dict[str, str]:
    if not unsubscribe:
        return {}
    return {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def notification_email(user, *, subject: str, message: str, url: str, kind: str, choice: str) -> Email:
    """One notification as an e-mail (call it in the recipient's language)."""
    link = absolute(url)
    unsubscribe = "" if kind in ALWAYS_ON else unsubscribe_url(user, kind)
    why = _why(kind, choice)
    html, organisation = _frame(
        user,
        subject=subject,
        paragraphs=message.split("\n\n"),
        link=link,
        why=why,
        unsubscribe=unsubscribe,
    )
    body = message + (f"\n\n{link}" if link else "") + SIGNATURE + _footer_text(why, unsubscribe)
    return Email(f"[Passerelles] {subject}", body, html, _headers(unsubscribe), organisation)


def digest_email(user, notifications, extra: list[str]) -> Email:
    """The daily summary: the news since the last one, then what waits (« À faire »)."""
    intro = _("Voici ce qui s'est passé pour vous sur Passerelles :")
    items = [(n.subject, absolute(n.url)) for n in notifications]
    unsubscribe = unsubscribe_url(user, DIGEST)
    why = _why(NotificationKind.GENERAL, EmailChoice.DAILY)
    subject = _("[Passerelles] Votre récapitulatif du jour (%(count)s)") % {"count": len(notifications)}
    html, organisation = _frame(
        user,
        subject=subject.removeprefix("[Passerelles] "),
        paragraphs=[intro],
        items=items,
        after=extra,
        link=absolute(reverse("notifications")),
        why=why,
        unsubscribe=unsubscribe,
    )
    lines = [f"• {title}" + (f"\n  {link}" if link else "") for title, link in items]
    body = (
        intro
        + "\n\n"
        + "\n".join(lines)
        + "".join(f"\n\n{text}" for text in extra)
        + SIGNATURE
        + _footer_text(why, unsubscribe)
    )
    return Email(subject, body, html, _headers(unsubscribe), organisation)

"""Participants told, and agreeing, that they take part in a test (issue 16).

A mission of a programme declared as a test: before an engagement begins — the agent's « ça m'intéresse »,
an interest recorded for them by HR or their personne relais, or their acceptance of a proposal — the agent
reads the programme's notice and ticks that they understood they take part in a test and agree. Not ticked:
a clear French refusal and nothing written. Ticked: the time and the notice as read are kept on the
engagement (a later change of the programme's text never changes what they agreed to).
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.engagements.lifecycle import TransitionRefused

CONSENT_REQUIRED = gettext_lazy(
    "Cette mission fait partie d'un programme mené comme un test : cochez la case qui dit que vous avez lu "
    "l'information et que vous acceptez d'y participer. Rien n'est enregistré sans cet accord."
)
CONSENT_REQUIRED_FOR = gettext_lazy(
    "Cette mission fait partie d'un programme mené comme un test : cochez la case qui dit que la personne a "
    "reçu l'information et accepte d'y participer. Rien n'est enregistré sans son accord."
)


def test_programme(mission):
    """The programme run as a test that ``mission`` belongs to, or None."""
    programme = mission.programme if mission.programme_id else None
    return programme if programme is not None and programme.is_test else None


def notice_for(programme) -> str:
    """What the agent reads: the programme's own notice, else a plain one built from its name, hypothesis and
    end."""
    if programme.participant_notice.strip():
        return programme.participant_notice.strip()
    text = _("Cette mission fait partie du programme « %(name)s », mené comme un test") % {
        "name": programme.name
    }
    if programme.expires_on:
        text += _(" jusqu'au %(date)s") % {"date": formats.date_format(programme.expires_on, "j F Y")}
    text += "."
    if programme.hypothesis.strip():
        text += " " + _("Ce que l'on veut vérifier : %(hypothesis)s") % {
            "hypothesis": programme.hypothesis.strip()
        }
    text += " " + _(
        "On vous demandera votre avis sur le programme ; vos réponses ne sont lues que regroupées. À la fin du "
        "test, la RH décide de le prolonger, de le généraliser ou de l'arrêter."
    )
    return text


def consent_fields(mission, agreed: bool, *, on_behalf: bool = False) -> dict:
    """The fields to write on a new (or accepting) engagement: none outside a test; the consent and the notice
    when ``agreed``; a refusal otherwise."""
    programme = test_programme(mission)
    if programme is None:
        return {}
    if not agreed:
        raise TransitionRefused(CONSENT_REQUIRED_FOR if on_behalf else CONSENT_REQUIRED)
    return {"programme_consent_at": timezone.now(), "programme_notice": notice_for(programme)}

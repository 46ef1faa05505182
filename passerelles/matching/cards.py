"""The suggestion page's cards drawn in Python, not through a template per card (issue 21).

Twenty cards and their shortlist, each with two forms, two translated labels with a name and an included
template, were ~560 template nodes: 5 to 8 ms of a 22 ms page at 100,000 agents, the largest part of the
page once the ranking is kept. The HTML is the one the template drew (its test: tests/test_suggestions.py),
escaped by ``format_html``; the labels are the template's own messages (same msgids, same translations).
"""

from dataclasses import dataclass

from django.middleware.csrf import get_token
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from passerelles.access.policies import may_propose_to


@dataclass
class CardPainter:
    """What every card of one page shares: the mission, the form's hidden fields, the page to come back to."""

    user: object
    mission_id: int
    back: str
    meeting_query: str
    csrf: SafeString

    @classmethod
    def for_request(cls, request, *, mission_id: int, back: str, meeting_query: str) -> "CardPainter":
        token = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
        return cls(
            user=request.user, mission_id=mission_id, back=back, meeting_query=meeting_query, csrf=token
        )

    def actions(self, agent, propose_url: str) -> SafeString:
        """Propose the mission to this person, with or without a rencontre — when HR may propose to them
        (policies.may_propose_to): otherwise, who can, instead of a button leading to a refusal."""
        if not may_propose_to(self.user, agent):
            if agent.user_id is None:
                note = _("Pas encore de compte Passerelles : parlez-lui de la mission de vive voix.")
            else:
                note = _("Agent·e de %(organisation)s : la mission lui est proposée par sa RH.") % {
                    "organisation": agent.organisation.display_name
                }
            return format_html('<p class="muted">{}</p>', note)
        return format_html(
            '<form method="post" action="{}" class="inline-form">{}\n'
            '  <input type="hidden" name="mission" value="{}">\n'
            '  <input type="hidden" name="retour" value="{}">\n'
            '  <button type="submit" class="button">{}</button>\n'
            "</form>\n"
            '<a class="button button-secondary" href="{}?{}">{}</a>',
            propose_url,
            self.csrf,
            self.mission_id,
            self.back,
            _("Proposer la mission à %(name)s") % {"name": agent.first_name},
            propose_url,
            self.meeting_query,
            _("Proposer la mission avec une rencontre à %(name)s") % {"name": agent.first_name},
        )

    def card(self, suggestion, agent, profile_url: str, toggle_url: str, propose_url: str, shortlisted: bool):
        """One suggested person: name, job and employer, the reasons, the shortlist toggle, the proposals."""
        toggle = _("Retirer de la présélection") if shortlisted else _("Présélectionner")
        return format_html(
            '<li class="card" data-suggested="{}">\n'
            '    <h2><a href="{}">{}</a></h2>\n'
            '    <p class="muted">{} · {}</p>\n'
            "    <ul>{}</ul>\n"
            '    <form method="post" action="{}" class="inline-form">{}\n'
            '      <button type="submit" class="button button-secondary">{}</button>\n'
            "    </form>\n"
            "    {}\n"
            "  </li>",
            agent.pk,
            profile_url,
            agent.full_name,
            agent.job_title or "",
            agent.organisation.display_name,
            format_html_join("", "<li>{}</li>", ((reason,) for reason in suggestion.reasons)),
            toggle_url,
            self.csrf,
            toggle,
            self.actions(agent, propose_url),
        )

    def cards(self, rows, shortlisted: set[int]) -> SafeString:
        return mark_safe(  # noqa: S308 — each card escaped by format_html
            "\n".join(self.card(*row, shortlisted=row[1].pk in shortlisted) for row in rows)
        )

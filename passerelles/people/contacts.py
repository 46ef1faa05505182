"""The agent's « personne relais » (issue 15): one colleague of their organisation who may record « ça
m'intéresse » for them when they say it in person or by phone.

The agent alone chooses, changes or removes that person; the choice is dated. The people offered are those
the person search already lets a member of the organisation find (``person_search.project_lead_candidates``:
active colleagues with an account, never someone who chose « personne »), minus the agent themself.
"""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.people import person_search
from passerelles.people.models import Agent, ChosenContact


def contact_candidates(user, agent: Agent):
    return person_search.project_lead_candidates(user, agent.organisation).exclude(pk=agent.pk)


@transaction.atomic
def contact_choose(*, agent: Agent, contact: Agent) -> ChosenContact:
    """Name (or change) the agent's « personne relais »; a new choice is dated anew."""
    if contact.pk == agent.pk or contact.organisation_id != agent.organisation_id:
        raise ValueError("a contact is another person of the same organisation")
    chosen, _created = ChosenContact.objects.update_or_create(
        agent=agent, defaults={"contact": contact, "chosen_at": timezone.now()}
    )
    return chosen


@transaction.atomic
def contact_remove(*, agent: Agent) -> bool:
    deleted, _rows = ChosenContact.objects.filter(agent=agent).delete()
    return bool(deleted)


def agents_who_chose(contact_agent: Agent | None):
    """The people who named ``contact_agent`` as their « personne relais » (still active, with an account):
    the only agents a personne relais may act for, and they chose it."""
    if contact_agent is None:
        return Agent.objects.none()
    return Agent.objects.filter(
        chosen_contact__contact=contact_agent,
        organisation_id=contact_agent.organisation_id,
        is_active=True,
        user__isnull=False,
    )


class ContactForm(forms.Form):
    contact = person_search.PersonSearchField(label=_("Personne relais"), candidates=Agent.objects.none())

    def __init__(self, *args, user, agent, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        field.candidates = contact_candidates(user, agent)
        field.widget.search_url = person_search.search_url(agent.organisation)
        field.help_text = _(
            "Cherchez un ou une collègue par son nom (trois lettres au moins) : une personne qui a un bureau, "
            "votre chef·fe d'équipe…"
        )

"""Finding a colleague by name, without ever handing out a list of staff.

Forms that name a person (the mission's project lead) use a search field instead of a ``<select>``: the page
carries no names, the endpoint answers a few people at a time for a query of at least three characters, and
the server checks the submitted person against the same scope. Without JavaScript, the name typed is resolved
on the server (one match: that person; several: a message asking for the first and last name or the e-mail).

Who can be found, by whom (``project_lead_candidates``):

- only people who can be chosen: active agents of the form's organisation, with an account;
- never someone who chose « personne » for their profile: the choice promises « l'agent n'apparaît dans aucune
  recherche » (docs/profils-et-donnees.md), and a colleague search is a search. Being a project lead is a work
  role, not a micro-mobility profile, so two doors stay open: the person who drafts the mission always finds
  themself, whatever their choice (it is also the form's initial value), and an existing project lead stays
  valid when the mission is edited (they are already named on it); for anyone else, the person who chose
  « personne » drafts the mission themself, or asks HR to change that choice with them;
- job titles only for people the searcher may see (``Agent.objects.for_actor``: themself, their direct
  reports; the whole organisation for its HR and administrators); everyone else appears with their name and
  their unit, which the organisation chart already shows to every member.
"""

import unicodedata

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from passerelles.access.actor import get_actor
from passerelles.boundary import object_id
from passerelles.people.models import Agent, Visibility

MIN_QUERY = 3
MAX_RESULTS = 10
MAX_QUERY = 60
MAX_WORDS = 4


def clean_query(raw) -> str:
    """What a hostile query string is reduced to: printable characters only (no NUL, no control
    characters), NFC, at most MAX_QUERY characters."""
    text = unicodedata.normalize("NFC", str(raw or ""))[: MAX_QUERY * 4]
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY]


def project_lead_candidates(user, organisation) -> QuerySet:
    """The people ``user`` may name as project lead of a mission of ``organisation`` (see the module's
    docstring): the organisation's active agents with an account, minus those who chose « personne », plus
    the user themself."""
    actor = get_actor(user) if user is not None else None
    visible = ~Q(profile__visibility=Visibility.NOBODY)
    if actor is not None and actor.agent is not None:
        visible |= Q(pk=actor.agent.pk)
    return Agent.objects.filter(visible, organisation=organisation, is_active=True, user__isnull=False)


def search(candidates: QuerySet, query: str, limit: int = MAX_RESULTS) -> list[Agent]:
    """At most ``limit`` people whose first or last name starts with each word of the query (or whose e-mail
    is the query). Ordered by the (organisation, last_name, first_name) index, LIMIT in the database."""
    query = clean_query(query)
    if len(query) < MIN_QUERY:
        return []
    words = query.split()[:MAX_WORDS]
    matches = Q()
    for word in words:
        matches &= Q(first_name__istartswith=word) | Q(last_name__istartswith=word)
    if "@" in query:
        matches = Q(email__iexact=query)
    return list(
        candidates.filter(matches).select_related("unit").order_by("last_name", "first_name", "pk")[:limit]
    )


def describe(user, agents: list[Agent]) -> list[dict]:
    """What the searcher reads for each person: the name, the unit, and the job title only for people they
    may see."""
    seen = set(
        Agent.objects.for_actor(user).filter(pk__in=[a.pk for a in agents]).values_list("pk", flat=True)
    )
    rows = []
    for agent in agents:
        title = agent.job_title if agent.pk in seen else ""
        detail = [title] if title else []
        if agent.unit_id and agent.unit.name not in title:  # « Responsable d'équipe — Médiathèque » says it
            detail.append(agent.unit.name)
        rows.append({"id": agent.pk, "label": agent.full_name, "detail": " — ".join(detail)})
    return rows


class PersonSearchInput(forms.Widget):
    """A text input to search by name (an accessible combobox, see autocomplete.js) and a hidden input with the
    chosen person's id. Without JavaScript, the typed name is resolved by the server."""

    template_name = "people/widgets/person_search.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.search_url = ""
        self.chosen_label = ""

    def value_from_datadict(self, data, files, name):
        return {
            "id": str(data.get(name, "") or "").strip(),
            "text": str(data.get(f"{name}_recherche", "") or ""),
        }

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_recherche" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, dict):
            chosen_id, text = value.get("id", ""), value.get("text", "")
        else:  # the initial value: an agent's id
            chosen_id, text = ("" if value in (None, "") else str(value)), self.chosen_label
        context["widget"].update(
            {
                "chosen_id": chosen_id if object_id(chosen_id) else "",
                "text": text,
                "search_url": self.search_url,
                "min_length": MIN_QUERY,
            }
        )
        return context


class PersonSearchField(forms.Field):
    """A person chosen through the search field, checked on the server against ``candidates`` (forged ids
    outside the scope are refused with a form error, never saved)."""

    widget = PersonSearchInput
    default_error_messages = {
        "required": _("Cherchez la personne par son nom (trois lettres au moins) et choisissez-la."),
        "out_of_scope": _("Cette personne ne peut pas être choisie ici : cherchez-la par son nom."),
        "not_found": _("Personne ne correspond à « %(text)s » parmi les personnes que vous pouvez choisir."),
        "ambiguous": _(
            "Plusieurs personnes correspondent à « %(text)s » : précisez le prénom et le nom, ou l'adresse "
            "e-mail, ou choisissez dans la liste."
        ),
        "too_short": _("Écrivez au moins trois lettres du nom."),
    }

    def __init__(self, *, candidates: QuerySet, also_allowed=(), search_url="", chosen_label="", **kwargs):
        super().__init__(**kwargs)
        self.candidates = candidates
        self.also_allowed = {pk for pk in also_allowed if pk}
        self.widget.search_url = search_url
        self.widget.chosen_label = chosen_label

    def _allowed(self) -> QuerySet:
        return Agent.objects.filter(
            Q(pk__in=self.candidates.values("pk")) | Q(pk__in=self.also_allowed)
        ).select_related("unit")

    def to_python(self, value):
        if not isinstance(value, dict):
            value = {"id": "" if value is None else str(value), "text": ""}
        chosen, text = value.get("id", ""), clean_query(value.get("text", ""))
        if chosen:
            pk = object_id(chosen)
            agent = self._allowed().filter(pk=pk).first() if pk else None
            if agent is None:
                raise forms.ValidationError(self.error_messages["out_of_scope"], code="out_of_scope")
            # The name in the box is what the person means: typed over without JavaScript, it is searched.
            if not text or text == clean_query(agent.full_name):
                return agent
        if not text:
            return None
        if len(text) < MIN_QUERY:
            raise forms.ValidationError(self.error_messages["too_short"], code="too_short")
        found = search(self._allowed(), text, limit=2)
        if not found:
            raise forms.ValidationError(
                self.error_messages["not_found"], code="not_found", params={"text": text}
            )
        if len(found) > 1:
            raise forms.ValidationError(
                self.error_messages["ambiguous"], code="ambiguous", params={"text": text}
            )
        return found[0]


def search_url(organisation) -> str:
    return reverse("person_search", kwargs={"org_slug": organisation.slug})

"""foundation/choices.py: ``get_<field>_display()`` read from choices worked out once gives what Django gives, in
every language, for every choice, an unknown value and an empty one."""

from django.db import models
from django.utils import translation

from passerelles.engagements.models import Engagement
from passerelles.missions.models import Mission
from passerelles.people.models import Agent


def _django_display(instance, field):
    return models.Model._get_FIELD_display(instance, field)


def test_the_quick_display_is_django_s_for_every_choice_and_language():
    checked = 0
    for model in (Agent, Engagement, Mission):
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            instance = model()
            for value in [value for value, _ in field.flatchoices] + ["pas-un-choix", None, ""]:
                setattr(instance, field.attname, value)
                for language in ("fr", "en"):
                    with translation.override(language):
                        quick = getattr(instance, f"get_{field.name}_display")()
                        assert quick == _django_display(instance, field), (model, field.name, value)
                        assert isinstance(quick, str | type(None)), type(quick)
                        checked += 1
    assert checked > 100
    agent = Agent(category="A", status="titulaire")
    with translation.override("en"):
        assert agent.get_status_display() == "Permanent civil servant"
    with translation.override("fr"):
        assert agent.get_status_display() == "Titulaire"

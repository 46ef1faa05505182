"""``{% can_print_access_letter user agent as allowed %}``: whether to show the link to an agent's letter
(the rule itself is ``people.access_letters.can_print_access_letter``; the letter's view asks it again)."""

from django import template

from passerelles.people.access_letters import can_print_access_letter as _can_print

register = template.Library()


@register.simple_tag
def can_print_access_letter(user, agent) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and _can_print(user, agent)


@register.simple_tag
def can_print_organisation_letters(user, organisation) -> bool:
    """The letters of many agents at once: the organisation's HR coordinators."""
    from passerelles.access.policies import is_hr_coordinator

    return bool(getattr(user, "is_authenticated", False)) and is_hr_coordinator(user, organisation)

"""``{% can_print_access_letter user agent as allowed %}``: whether to show the link to an agent's letter;
``{% can_print_organisation_letters user organisation as allowed %}``: the link to the letters of many agents.
The rules themselves live in access/policies.py; the letters' views ask them again."""

from django import template

from passerelles.access import policies

register = template.Library()


@register.simple_tag
def can_print_access_letter(user, agent) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and policies.can_print_access_letter(user, agent)


@register.simple_tag
def can_print_organisation_letters(user, organisation) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and policies.can_print_organisation_access_letters(
        user, organisation
    )

"""For the HTML frame of allauth's own e-mails (password reset, address confirmation…): the recipient's
organisation name and a readable colour, as in every other Passerelles e-mail."""

from django import template

from passerelles.notifications.emails import FALLBACK_COLOUR, organisation_for, readable_colour

register = template.Library()


@register.simple_tag(takes_context=True)
def email_organisation(context) -> dict:
    user = context.get("user")
    organisation = organisation_for(user) if getattr(user, "pk", None) else None
    if organisation is None:
        return {"name": "Passerelles", "colour": FALLBACK_COLOUR}
    return {"name": organisation.name, "colour": readable_colour(organisation.theme_colour)}

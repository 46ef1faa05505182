from django import template
from django.conf import settings

from passerelles.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, accounts_by_organisation

register = template.Library()


@register.simple_tag
def demo_accounts():
    """The demo accounts to list on the login page: one per role for the main journeys, then each
    organisation's HR, signatory and administrator; nothing outside demo mode."""
    if not settings.DEMO:
        return None
    return {"accounts": DEMO_ACCOUNTS, "organisations": accounts_by_organisation(), "password": DEMO_PASSWORD}

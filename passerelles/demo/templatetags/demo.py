from django import template
from django.conf import settings

from passerelles.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

register = template.Library()


@register.simple_tag
def demo_accounts():
    """The demo accounts to list on the login page; nothing outside demo mode."""
    return {"accounts": DEMO_ACCOUNTS, "password": DEMO_PASSWORD} if settings.DEMO else None

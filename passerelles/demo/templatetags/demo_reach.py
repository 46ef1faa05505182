"""``{% demo_access_code as demo_code %}``: the demo's own code d'accès, shown on the login page so that a
newcomer can try a first login with a letter (demo mode only; nothing once the code is used)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def demo_access_code():
    if not settings.DEMO:
        return None
    from passerelles.demo.reach_accounts import shown_access_code

    return shown_access_code()

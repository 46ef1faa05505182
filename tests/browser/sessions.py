"""A browser session for a person without a demo login: the sign-in pages have their own journeys."""

from django.conf import settings
from django.test import Client


def sign_in(page, live_server, user):
    """Open a session for ``user`` with the test client and hand its cookie over to the browser."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )

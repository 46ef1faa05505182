"""WSGI entry point for production servers (gunicorn, uWSGI…).

The application is warmed before it serves (templates compiled, URLs and translations read:
passerelles/core/warmup.py); with gunicorn's ``preload_app`` this happens once, in the master process, and
every worker starts warm."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelles.settings")
application = get_wsgi_application()

from passerelles.core.warmup import warm  # noqa: E402 — Django is set up by the line above

warm()

"""``passerelles serve``: the production web server (gunicorn with passerelles/gunicorn_conf.py).

Any further arguments go to gunicorn as they are (``passerelles serve --bind 0.0.0.0:8000``). The process
becomes gunicorn (exec): a supervisor (systemd, a container) sees and signals gunicorn itself.
"""

import argparse
import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Lance le serveur web de production (gunicorn, réglages de passerelles/gunicorn_conf.py)."
    requires_system_checks = []  # gunicorn's workers load the site; this process only hands over to them

    def add_arguments(self, parser):
        parser.add_argument("gunicorn_args", nargs=argparse.REMAINDER, help="options passées à gunicorn")

    def handle(self, *args, gunicorn_args=(), **options):
        command = [sys.executable, "-m", "gunicorn", "-c", "python:passerelles.gunicorn_conf", *gunicorn_args]
        sys.stdout.flush()
        os.execv(sys.executable, command)

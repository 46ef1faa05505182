"""Settings for the commands that read no database and keep no secret (``passerelles boussole``).

They let Django start and translate, nothing more: no SECRET_KEY, no database, no application, no middleware —
a web app could not run on them, so the deployment's strict settings (passerelles/settings.py) stay as they
are. ``passerelles.cli`` uses them for the commands listed in ``STANDALONE_COMMANDS`` when no settings module
is chosen, so that HR scripts can call the boussole without the deployment's environment.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

INSTALLED_APPS: list[str] = []
DATABASES: dict = {}
LANGUAGE_CODE = "fr"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"

"""What a web process would otherwise do at its first requests, done once before it serves (issue 21).

gunicorn replaces each worker after about a thousand requests (``max_requests``, against slow leaks), and a new
worker compiled every template, filled the URL resolver and read the translations at the first request of each
page: the engagement page, whose template and its includes are the largest, took 60 to 110 ms more the first
time in a worker than after, and under load those first times were the page's slowest answers (its p95 at
100,000 agents, 90 ms for 17 to 31 ms in a warm process). gunicorn loads the application once in its master
process (``preload_app``, passerelles/gunicorn_conf.py), which calls ``warm()``: every worker is forked with
all of this already done, and shares it with the master until it writes to it.

Once the application is loaded, the master also takes its objects out of the garbage collector's reach
(``gc.freeze()``, gunicorn_conf.py ``when_ready``): a full collection in a worker walked all of them, 200 ms at
360,000 objects, once in a while in the middle of any page (the 300 ms outliers of the page budgets); now only
what the worker made since the fork. The memory pages those objects sit on also stay shared with the master.

Nothing here touches the database or the caches: a connection or a socket opened before the fork would be
shared by every worker.
"""

import datetime
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)

SUFFIXES = (".html", ".txt", ".ics", ".xml")


def project_templates() -> list[str]:
    """The names of Passerelles' own templates (those of its applications), sorted."""
    names = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("passerelles"):
            continue
        folder = Path(config.path) / "templates"
        if folder.is_dir():
            names.update(
                path.relative_to(folder).as_posix()
                for path in folder.rglob("*")
                if path.is_file() and path.suffix in SUFFIXES
            )
    return sorted(names)


def warm() -> int:
    """Compile the project's templates into the template engine's cache, fill the URL resolver, read the
    translations of each language and the public holidays; returns the number of templates compiled."""
    from passerelles.foundation import calendar_fr
    from passerelles.matching.index import cached_tag_terms
    from passerelles.missions.text import terms as text_terms
    from passerelles.people import vocabulary

    compiled = 0
    for engine in engines.all():
        for name in project_templates():
            try:
                engine.get_template(name)
            except TemplateSyntaxError:  # its page will say so, as without the warm-up
                logger.warning("warm-up: template %s does not compile", name, exc_info=True)
            else:
                compiled += 1
    resolver = get_resolver()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            resolver.reverse_dict  # noqa: B018 — filled for this language on first access
    # The holidays library imports its registry at the first date asked (106 ms: the engagement page of a
    # rencontre, in each worker); this year's and next year's public holidays, computed once here.
    this_year = datetime.date.today().year
    for year in (this_year, this_year + 1):
        calendar_fr.holiday_name(datetime.date(year, 1, 1))
    # The suggestions stem the words of each candidate's tags and their synonyms: a worker's first rankings
    # stemmed thousands of words (0.6 of a first ranking's 0.8 s, profiled), each kept afterwards. The shipped
    # vocabulary's words, stemmed once here (the agents' own words are kept as they come).
    for text in vocabulary.shipped_texts():
        text_terms(text)
    # …and each shipped label's terms with its synonyms, as a tag (matching/index.py ``cached_tag_terms``): a
    # worker's first rankings built them for the hundreds of labels their candidates wrote (12 ms here).
    for entry in vocabulary.entries():
        cached_tag_terms(entry["label"])
    return compiled

"""A mission's time share said the way a colleague would say it (« 2 jours par mois »), not as an HR figure.

Cards, posters and the agent's pages read the time needed with this one function, so that the same mission is
described with the same words everywhere (issue 15: pages made for the field). It is a pure function of the
mission's fields: no database, no request, easy to reuse and to test. The place, the dates and the kind of work
have their helpers here too, for the same reason.

The rules, from what people say in a canteen rather than in an agreement:
- a share expressed in days per month stays in days per month, rounded to the half day (« 1 jour et demi par
  mois »; a value between two half days becomes « environ … »);
- a percentage that makes whole or half days in a five-day week becomes days per week (10 % → « une
  demi-journée par semaine », 20 % → « 1 jour par semaine »); 100 % is « à temps plein »;
- any other percentage stays a share of the person's own time (« 25 % de votre temps »): converting it to days
  would be wrong for someone who works part-time.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

DAYS_PER_WEEK = 5


def _half_days_in_words(half_days: int, per: str) -> str:
    """« une demi-journée », « 1 jour », « 1 jour et demi », « 3 jours »… followed by « par mois/semaine »."""
    whole, half = divmod(half_days, 2)
    if whole == 0:
        amount = _("une demi-journée")
    elif whole == 1:
        amount = _("1 jour et demi") if half else _("1 jour")
    elif half:
        amount = _("%(days)s jours et demi") % {"days": whole}
    else:
        amount = _("%(days)s jours") % {"days": whole}
    return f"{amount} {per}"


def _days_per_month_in_words(days: Decimal) -> str:
    half_days = int((days * 2).to_integral_value(rounding=ROUND_HALF_UP))
    half_days = max(half_days, 1)  # 0.1 day is still « about half a day »: never « 0 jour »
    words = _half_days_in_words(half_days, _("par mois"))
    if Decimal(half_days) != days * 2:
        return _("environ %(time)s") % {"time": words}
    return words


def _percent_in_words(percent: int) -> str:
    if percent >= 100:
        return _("à temps plein")
    half_days_per_week = percent * DAYS_PER_WEEK * 2
    if half_days_per_week % 100 == 0:
        return _half_days_in_words(half_days_per_week // 100, _("par semaine"))
    return _("%(percent)s %% de votre temps") % {"percent": percent}


def time_share_in_words(mission) -> str:
    """The time a mission asks for, in plain French words; an empty string if the mission does not say.

    ``mission`` is anything with ``time_share_kind``, ``days_per_month`` and ``time_share_percent`` (a
    Mission, saved or not).
    """
    days = mission.days_per_month
    if mission.time_share_kind == "days" and days:
        return _days_per_month_in_words(Decimal(str(days)))
    percent = mission.time_share_percent
    if percent:
        return _percent_in_words(int(percent))
    if days:  # kind left at its default while the days were given: still say something true
        return _days_per_month_in_words(Decimal(str(days)))
    return ""


# The kind of work, in everyday words: the purposes' labels are the HR's vocabulary (« Préfiguration / test »),
# these are what a card says beside its pictogram.
PURPOSE_WORDS = {
    "renfort_ponctuel": _lazy("Donner un coup de main"),
    "appui_projet": _lazy("Aider un projet"),
    "prefiguration": _lazy("Tester une nouvelle idée"),
    "solidarite": _lazy("Aider une autre administration"),
    "interet_general": _lazy("Agir pour l'intérêt général"),
    "decouverte": _lazy("Découvrir un métier"),
    "crise": _lazy("Faire face à une crise"),
}


def purpose_in_words(purpose: str) -> str:
    return str(PURPOSE_WORDS.get(purpose, ""))


def place_in_words(mission) -> str:
    """Where the work happens: the site and its town, and whether it can be done from a distance."""
    site = getattr(mission, "site", None) if mission.site_id else None
    where = ""
    if site is not None:
        where = f"{site.name}, {site.city}" if site.city and site.city not in site.name else site.name
    elif mission.organisation_id and mission.organisation.city:
        where = mission.organisation.city
    if mission.place == "remote":
        return _("À distance")
    if mission.place == "hybrid":
        if where:
            return _("%(where)s, à distance possible") % {"where": where}
        return _("Sur place, à distance possible")
    return where or _("Sur place")


def _day_in_words(day: datetime.date, *, with_month: bool = True, with_year: bool = True) -> str:
    text = _("1er") if day.day == 1 else str(day.day)
    if with_month:
        text += " " + date_format(day, "F")
    if with_year:
        text += f" {day.year}"
    return text


def dates_in_words(start: datetime.date, end: datetime.date) -> str:
    """« du 3 mars au 30 juin 2027 »: the year once when it is the same, the month once when it is too."""
    same_year = start.year == end.year
    same_month = same_year and start.month == end.month
    return _("du %(start)s au %(end)s") % {
        "start": _day_in_words(start, with_month=not same_month, with_year=not same_year),
        "end": _day_in_words(end),
    }


# Words of the trade an agent meets on their pages, each with a short explanation in everyday words (FALC:
# a word that must stay is explained where it is used). A page shows the explanation in a « C'est quoi ? »
# (a <details>, which works by touch, unlike a tooltip or an <abbr title>). tests/browser/test_plain_french.py
# reads every agent page and checks that each of these words comes with its explanation.
GLOSSARY = {
    "engagement": (
        _lazy("engagement"),
        _lazy(
            "Un engagement, c'est votre parcours sur une mission. Il va de « ça m'intéresse » jusqu'à votre "
            "retour dans votre équipe."
        ),
    ),
    "quotite": (
        _lazy("quotité"),
        _lazy(
            "La quotité, c'est la part de votre temps de travail donnée à la mission. 20 %, c'est un jour par semaine."
        ),
    ),
    "dispositif": (
        _lazy("dispositif"),
        _lazy(
            "Le dispositif, c'est le cadre prévu par la loi pour une mission. Par exemple une lettre de mission. "
            "La RH le choisit avec vous."
        ),
    ),
    "mise_a_disposition": (
        _lazy("mise à disposition"),
        _lazy(
            "Une mise à disposition, c'est quand vous travaillez un temps pour un autre employeur. Vous gardez "
            "votre poste et votre salaire."
        ),
    ),
    "matp": (
        _lazy("MATP"),
        _lazy(
            "MATP veut dire « mission d'appui temporaire aux projets ». Vous aidez le projet d'un autre service, "
            "au plus 40 % de votre temps, pour une durée limitée."
        ),
    ),
    "asa": (
        _lazy("ASA"),
        _lazy(
            "ASA veut dire « autorisation spéciale d'absence ». C'est du temps que votre employeur vous donne, "
            "par exemple pour aider une association."
        ),
    ),
    "pacte": (
        _lazy("pacte"),
        _lazy(
            "Le pacte est un document court, signé par tout le monde. Il dit ce que vous ferez, quand, et comment "
            "vous reviendrez dans votre équipe."
        ),
    ),
    "boussole": (
        _lazy("boussole"),
        _lazy(
            "La boussole des dispositifs est un outil de la RH. Elle aide à choisir le bon cadre pour la mission."
        ),
    ),
    "appetence": (
        _lazy("appétence"),
        _lazy("Une appétence, c'est une envie : ce que vous aimeriez faire ou apprendre."),
    ),
    "porteur": (
        _lazy("porteur·se du projet"),
        _lazy("C'est la personne qui mène le projet. Elle vous accueille et vous guide pendant la mission."),
    ),
    "plafond": (
        _lazy("plafond"),
        _lazy("Le plafond, c'est le temps maximum que vous pouvez donner aux missions."),
    ),
    "accords": (
        _lazy("accords"),
        _lazy(
            "Les accords, ce sont les « oui » à donner avant de commencer. Votre encadrant·e, le service qui "
            "accueille et la RH disent oui, et vous aussi."
        ),
    ),
}


# How each word of the trade may appear in a page's text (to find it in texts the page does not write itself,
# and for the browser test that reads the pages).
TERMS = {
    "engagement": re.compile(r"\bengagements?\b", re.IGNORECASE),
    "quotite": re.compile(r"\bquotités?\b", re.IGNORECASE),
    "dispositif": re.compile(r"\bdispositifs?\b", re.IGNORECASE),
    "mise_a_disposition": re.compile(r"\bmises? à disposition\b", re.IGNORECASE),
    "matp": re.compile(r"\bMATP\b"),
    "asa": re.compile(r"\bASA\b"),
    "pacte": re.compile(r"\bpactes?\b", re.IGNORECASE),
    "boussole": re.compile(r"\bboussole\b", re.IGNORECASE),
    "appetence": re.compile(r"\bappétences?\b", re.IGNORECASE),
    "porteur": re.compile(r"\bporteur·se\b", re.IGNORECASE),
    "plafond": re.compile(r"\bplafonds?\b", re.IGNORECASE),
    "accords": re.compile(r"\baccords\b", re.IGNORECASE),
}


def terms_in(*texts: str) -> list[str]:
    """The words of the trade found in ``texts``, in the glossary's order."""
    joined = "\n".join(str(text) for text in texts)
    return [key for key, pattern in TERMS.items() if pattern.search(joined)]


def explanation(key: str) -> tuple[str, str]:
    """The word and its explanation, in the current language."""
    word, text = GLOSSARY[key]
    return str(word), str(text)

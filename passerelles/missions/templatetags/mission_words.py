"""Template filters that say a mission in plain words (see missions/plain_words.py, where the rules live)."""

from django import template
from django.utils.translation import gettext as _

from passerelles.missions import plain_words

register = template.Library()


@register.filter
def time_in_words(mission) -> str:
    return plain_words.time_share_in_words(mission)


@register.filter
def place_in_words(mission) -> str:
    return plain_words.place_in_words(mission)


@register.filter
def dates_in_words(mission) -> str:
    return plain_words.dates_in_words(mission.start_date, mission.end_date)


@register.filter
def purpose_in_words(purpose: str) -> str:
    return plain_words.purpose_in_words(purpose)


@register.inclusion_tag("missions/_explain.html")
def explain(key: str, word: str = ""):
    """« C'est quoi, la quotité ? »: a word of the trade explained beside its use (plain_words.GLOSSARY)."""
    term, text = plain_words.explanation(key)
    return {"key": key, "word": word or term, "text": text}


@register.filter
def time_in_full(mission) -> str:
    """The plain words, and the share of working time when the words do not already say it."""
    words = plain_words.time_share_in_words(mission)
    percent = mission.effective_percent
    if not words or "%" in words or not percent or percent >= 100:
        return words
    if mission.time_share_kind == "days":  # days are converted: the percentage is an approximation
        return _("%(words)s, soit environ %(percent)s %% de votre temps") % {
            "words": words,
            "percent": percent,
        }
    return _("%(words)s, soit %(percent)s %% de votre temps") % {"words": words, "percent": percent}


def _texts(values) -> list[str]:
    """Strings, lists of strings, and (label, url) pairs — of which only the label is read."""
    found = []
    for value in values:
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple)):
            found += [str(item[0]) for item in value]
        elif isinstance(value, (list, tuple)):
            found += [str(item) for item in value]
        elif value:
            found.append(str(value))
    return found


@register.inclusion_tag("missions/_explain_found.html")
def explain_found(*values, without: str = ""):
    """A « C'est quoi ? » for each word of the trade found in texts the page shows but does not write itself
    (a framework's name, a list of documents, « À faire » lines). ``without``: keys the page explains already."""
    skipped = set(without.split(","))
    keys = [key for key in plain_words.terms_in(*_texts(values)) if key not in skipped]
    return {"explained": [(key, *plain_words.explanation(key)) for key in keys]}

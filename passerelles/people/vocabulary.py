"""A shared vocabulary of skills and interests ("compétences et appétences"), without any database.

Why a vocabulary and not a competence framework: the field reports on professional micro-mobility say that
standardised competence frameworks (national job directories, skill grids with levels) cost far more than they
bring. Agents do not recognise themselves in them, managers do not fill them in, and the matching they promise
never happens. What works is warmer and more forgiving: agents type their own words ("com", "RH", "marchés
publics", "PSC1", "ATSEM"…), and those words quietly meet the same canonical label, so that a mission asking
for "Commande publique" finds the agent who wrote "marchés publics".

So this module never refuses a tag. A word it knows is tidied into its canonical label and domain; a word it
does not know is kept as the agent wrote it (only tidied), marked ``known=False``. The shipped list lives in
``data/vocabulary.json``; an organisation will be able to add its own words, passed as ``extra_entries``.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

VOCABULARY_FILE = Path(__file__).parent / "data" / "vocabulary.json"
MIN_PREFIX_LENGTH = 2

# Apostrophes (straight and typographic), hyphens and dashes, underscores and dots separate words:
# "aide-soignant", "aide soignant" and "aide_soignant" are the same tag for an agent typing on a phone.
_SEPARATORS = re.compile(r"['’‘`´\-‐‑‒–—_.]")
# Ligatures that NFKD does not decompose but that French writes both ways ("œuvre" / "oeuvre").
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


@dataclass(frozen=True)
class Term:
    """A tag as the application shows it: canonical when known, the agent's own word otherwise."""

    label: str
    domain: str
    known: bool


def _fold_plural(word: str) -> str:
    """Crude French plural folding, on purpose: "ateliers" and "atelier" must meet, and both sides of a
    comparison go through the same folding, so an over-eager cut ("prix" → "pri") does no harm."""
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        return word[:-1]
    return word


def normalise(text: str) -> str:
    """The comparison key of a free tag: case, accents, punctuation between words and plurals do not count,
    because an agent should never be told that "Éducation", "education" and "EDUCATION" are different."""
    if not text:
        return ""
    lowered = text.lower().translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", lowered)
    unaccented = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = _SEPARATORS.sub(" ", unaccented).split()
    return " ".join(_fold_plural(word) for word in words)


def _tidy(text: str) -> str:
    """An unknown tag stays the agent's own word: only spaces are tidied and the first letter capitalised."""
    tidied = " ".join(text.split())
    return tidied[:1].upper() + tidied[1:]


@functools.lru_cache(maxsize=1)
def _load() -> tuple[dict, ...]:
    """Read the shipped vocabulary once per process: it only changes with a new release."""
    with VOCABULARY_FILE.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return tuple(data["entries"])


def entries() -> list[dict]:
    """The shipped entries, as copies, so that a caller cannot change the vocabulary for everyone else."""
    return [{**entry, "synonyms": list(entry.get("synonyms", ()))} for entry in _load()]


def _field(entry, name: str, default=None):
    """Entries come as dicts (the JSON file, a form) or objects (an organisation's model rows)."""
    if isinstance(entry, Mapping):
        return entry.get(name, default)
    return getattr(entry, name, default)


def _synonyms_of(entry) -> list[str]:
    """Synonyms are a list; a comma-separated string (how an administrator types them) is accepted too."""
    synonyms = _field(entry, "synonyms", ()) or ()
    if isinstance(synonyms, str):
        synonyms = synonyms.split(",")
    return [synonym for synonym in synonyms if synonym and synonym.strip()]


@dataclass(frozen=True)
class _Indexed:
    term: Term
    label_key: str
    synonym_keys: tuple[str, ...]


def _index_entries(raw_entries: Iterable) -> list[_Indexed]:
    indexed = []
    for entry in raw_entries:
        label = " ".join(str(_field(entry, "label", "") or "").split())
        label_key = normalise(label)
        if not label_key:
            continue
        keys = tuple(dict.fromkeys(key for key in map(normalise, _synonyms_of(entry)) if key))
        term = Term(label=label, domain=str(_field(entry, "domain", "") or "").strip(), known=True)
        indexed.append(_Indexed(term=term, label_key=label_key, synonym_keys=keys))
    return indexed


@functools.lru_cache(maxsize=1)
def _shipped() -> tuple[_Indexed, ...]:
    return tuple(_index_entries(_load()))


def _all_indexed(extra_entries: Iterable) -> list[_Indexed]:
    """The shipped vocabulary first, then the organisation's additions.

    Where both claim the same word, the shipped meaning wins: an organisation adds words to the shared
    vocabulary, it does not silently redefine "RH" or "com" for the agents it shares missions with.
    """
    combined = list(_shipped())
    extras = _index_entries(extra_entries or ())
    if not extras:
        return combined
    taken = {item.label_key for item in combined}
    for item in extras:
        if item.label_key not in taken:
            taken.add(item.label_key)
            combined.append(item)
    return combined


@functools.lru_cache(maxsize=1)
def _shipped_lookup() -> dict[str, Term]:
    return _build_lookup(_shipped())


def _build_lookup(indexed: Iterable[_Indexed]) -> dict[str, Term]:
    lookup: dict[str, Term] = {}
    for item in indexed:
        lookup.setdefault(item.label_key, item.term)
    for item in indexed:
        for key in item.synonym_keys:
            lookup.setdefault(key, item.term)
    return lookup


def resolve(text: str, extra_entries: Iterable = ()) -> Term | None:
    """Map a free tag to its canonical term, or keep it as the agent's own (tidied) word.

    Never refuses a tag: an unknown word is still a real skill or interest, it simply has no domain yet.
    Returns None only when there is nothing to keep (blank input, or punctuation alone).
    """
    key = normalise(text or "")
    if not key:
        return None
    extras = tuple(extra_entries or ())
    lookup = _build_lookup(_all_indexed(extras)) if extras else _shipped_lookup()
    term = lookup.get(key)
    if term is not None:
        return term
    return Term(label=_tidy(text), domain="", known=False)


def _matches(key: str, prefix: str) -> bool:
    """The prefix starts the key or one of its words: "anim" and "reun" both find "Animation de réunion",
    while "seau" does not find "Réseaux sociaux"."""
    return key.startswith(prefix) or f" {prefix}" in f" {key}"


def _sort_key(term: Term) -> tuple[str, str]:
    return (normalise(term.label), term.label)


def suggest(prefix: str, limit: int = 10, extra_entries: Iterable = ()) -> list[Term]:
    """Autocomplete for the tag field: forgiving on accents, case and plurals, like ``resolve``.

    Terms whose label matches come first, then terms reached through a synonym (so that typing "marc"
    offers "Commande publique" thanks to "marchés publics"), each group in alphabetical order.
    """
    key = normalise(prefix or "")
    if len(key) < MIN_PREFIX_LENGTH or limit <= 0:
        return []
    by_label: dict[str, Term] = {}
    by_synonym: dict[str, Term] = {}
    for item in _all_indexed(tuple(extra_entries or ())):
        if _matches(item.label_key, key):
            by_label.setdefault(item.label_key, item.term)
        elif any(_matches(synonym_key, key) for synonym_key in item.synonym_keys):
            by_synonym.setdefault(item.label_key, item.term)
    for label_key in by_label:
        by_synonym.pop(label_key, None)
    ordered = sorted(by_label.values(), key=_sort_key) + sorted(by_synonym.values(), key=_sort_key)
    return ordered[:limit]


def expansions(label: str, extra_entries: Iterable = ()) -> list[str]:
    """The label and every synonym of its vocabulary entry: what a tag may be found under when matching
    ("marchés publics" finds an agent who wrote "Commande publique"). An unknown word expands to itself."""
    key = normalise(label)
    extras = tuple(extra_entries or ())
    lookup = _expansion_lookup() if not extras else _build_expansions(_all_indexed(extras))
    return lookup.get(key, [label])


def _build_expansions(indexed: Iterable[_Indexed]) -> dict[str, list[str]]:
    lookup: dict[str, list[str]] = {}
    for item in indexed:
        words = [item.term.label, *item.synonym_keys]
        for key in (item.label_key, *item.synonym_keys):
            lookup.setdefault(key, words)
    return lookup


@functools.lru_cache(maxsize=1)
def _expansion_lookup() -> dict[str, list[str]]:
    return _build_expansions(_shipped())


def shipped_texts() -> set[str]:
    """Every label and synonym of the shipped vocabulary (read once: the web processes' warm-up stems them,
    passerelles/core/warmup.py)."""
    return {text for words in _expansion_lookup().values() for text in words}

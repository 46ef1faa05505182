"""French text normalisation for search (no database needed).

Search must find "animation" when one types "animer", "Éducation" for "education", and ignore "de", "la"…
Each word is lower-cased, stemmed with the Snowball French stemmer, then stripped of accents; the same
function prepares the stored index and the query, so both sides always agree, on SQLite as on PostgreSQL.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

STOP_WORDS = frozenset(
    [
        "a",
        "à",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "ma",
        "mais",
        "me",
        "même",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "où",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "d",
        "l",
        "j",
        "m",
        "n",
        "s",
        "t",
        "y",
        "est",
        "sont",
        "être",
        "été",
        "avoir",
        "ont",
    ]
)
_WORD = re.compile(r"[\w]+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("french")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return strip_accents(_stemmer.stemWord(word.lower()))


def words(text: str) -> list[str]:
    """The words of a text as written (lower-cased), in order, without stop words or one-letter words."""
    found = _WORD.findall((text or "").replace("'", " ").replace("’", " ").lower())
    return [word for word in found if word not in STOP_WORDS and len(word) > 1]


def terms(text: str) -> list[str]:
    """The normalised terms of a text, in order, without stop words or one-letter words."""
    return [stem(word) for word in words(text)]


def index_text(*parts: str) -> str:
    """The distinct terms, space-separated and padded (`` term `` matched whole, `` term`` as a prefix): the
    search index of missions before issue 21, kept for the migrations that filled it."""
    seen = dict.fromkeys(term for part in parts for term in terms(part))
    return " " + " ".join(seen) + " " if seen else ""

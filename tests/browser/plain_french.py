"""Measuring plain French on a page (FALC: « Facile à lire et à comprendre »), for the browser tests.

Thresholds, and why:
- **average sentence length ≤ 15 words**: the rule of thumb of plain-language guides (the French State's
  « Guide pratique de la rédaction administrative » and FALC's « phrases courtes »); readers understand about
  nine sentences in ten at 14 words, far fewer beyond 25 (the American Press Institute's figures).
- **no sentence over 25 words**: past that length comprehension falls for everyone, and for readers in
  difficulty it stops; a long sentence is always cut in two.

A « sentence » is a line of text or a part of a line ending with . ! ? or …: a label, a table cell, a button
or a heading counts as one (it is what the eye takes in at once). Only words count (tokens with a letter or a
digit). Text written by people — a mission's description, a message — is theirs: the page marks it with the
class ``user-text`` and it is left out.
"""

import re

from passerelles.missions.plain_words import TERMS

MAX_AVERAGE_WORDS = 15
MAX_SENTENCE_WORDS = 25

# A word of the trade, as it may appear in a page's text; its explanation is in missions/plain_words.GLOSSARY.
JARGON = TERMS

_END = re.compile(r"(?<=[.!?…])\s+")
_WORD = re.compile(r"\w", re.UNICODE)

# The visible text of <main>, without what people wrote; <details> stay as they are (closed: only their
# summary is read, as a reader sees it).
VISIBLE_TEXT = """() => {
  const main = document.querySelector('main').cloneNode(true);
  main.querySelectorAll('.user-text').forEach(node => node.remove());
  main.style.position = 'absolute'; main.style.left = '-10000px';
  document.body.appendChild(main);
  const text = main.innerText;
  main.remove();
  return text;
}"""


def sentences(text: str) -> list[list[str]]:
    """The sentences of a text, each as its list of words."""
    found = []
    for line in text.splitlines():
        for part in _END.split(line.strip()):
            words = [token for token in part.split() if _WORD.search(token)]
            if words:
                found.append(words)
    return found


def readability_problems(text: str) -> list[str]:
    found = sentences(text)
    if not found:
        return ["la page n'a pas de texte"]
    problems = [
        f"phrase de {len(words)} mots (plus de {MAX_SENTENCE_WORDS}) : « {' '.join(words)} »"
        for words in found
        if len(words) > MAX_SENTENCE_WORDS
    ]
    average = sum(len(words) for words in found) / len(found)
    if average > MAX_AVERAGE_WORDS:
        problems.append(f"phrases de {average:.1f} mots en moyenne (plus de {MAX_AVERAGE_WORDS})")
    return problems


def unexplained_jargon(visible: str, whole: str, glossary: dict[str, tuple[str, str]]) -> list[str]:
    """The words of the trade in the visible text whose explanation is not on the page (``whole``: the text
    of <main> with its closed « C'est quoi ? » included)."""
    flat = " ".join(whole.split())
    return [
        key
        for key, pattern in JARGON.items()
        if pattern.search(visible) and " ".join(str(glossary[key][1]).split()) not in flat
    ]

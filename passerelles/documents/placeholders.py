"""Placeholders in a document model: found, checked and substituted — never evaluated.

An organisation's DOCX or ODT model is data written by a person we do not control. A template language
(Jinja, Django templates) would evaluate what it finds between braces: attribute walks such as
``''.__class__`` reach Python's internals, loops can run forever and expressions can build gigabytes. So
a model may hold exactly one construct: ``{{ name }}`` where name is one of the documented placeholders.
Anything else between double braces, and any ``{% … %}`` or ``{# … #}``, refuses the model with the
paragraph and the text named in French. Substitution is plain text replacement, linear in the size of the
model, with a bound on the number of placeholders and on the length of what they produce.

No database, no Django models: tested on its own (tests/test_document_models.py).
"""

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

# The only accepted construct: {{ name }}, spaces optional.
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# Everything that looks like template syntax, to be checked one by one.
SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\{%|\{#", re.S)

MAX_PLACEHOLDERS = 1_000  # a real model uses a few dozen
MAX_FILLED_CHARS = 2_000_000  # the text the placeholders may produce, in all


class TemplateError(ValueError):
    """A model that cannot be filled; the message says where and why, in French."""


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


def check_text(text: str, allowed: Iterable[str], *, where: str) -> list[str]:
    """The placeholder names used in one paragraph, after checking that nothing else is there."""
    allowed = set(allowed)
    names = []
    for match in SYNTAX.finditer(text):
        found = match.group(0)
        if found in ("{{", "{%", "{#"):
            raise TemplateError(
                _(
                    "Le modèle contient une erreur de syntaxe (%(where)s) : « %(found)s » n'est jamais "
                    "refermé. Un champ s'écrit d'un seul tenant, par exemple {{ agent_nom_complet }}."
                )
                % {"where": where, "found": found}
            )
        if not found.startswith("{{"):
            raise TemplateError(
                _(
                    "Le modèle contient une instruction « %(found)s » (%(where)s) : un modèle n'accepte que "
                    "des champs écrits {{ nom_du_champ }}, sans instruction, boucle ni condition."
                )
                % {"where": where, "found": _shown(found)}
            )
        placeholder = PLACEHOLDER.fullmatch(found)
        if placeholder is None:
            raise TemplateError(
                _(
                    "Le modèle contient « %(found)s » (%(where)s) : seuls les champs de la liste sont "
                    "acceptés, écrits {{ nom_du_champ }}, sans calcul, filtre ni attribut."
                )
                % {"where": where, "found": _shown(found)}
            )
        name = placeholder.group(1)
        if name not in allowed:
            raise TemplateError(
                _(
                    "Le modèle utilise un champ inconnu : « %(name)s » (%(where)s). Les champs possibles "
                    "sont listés sur la page des modèles."
                )
                % {"where": where, "name": name}
            )
        names.append(name)
    return names


class Budget:
    """Counts what a whole model uses, so that no model can grow without bound."""

    def __init__(self):
        self.placeholders = 0
        self.chars = 0

    def spend(self, names: list[str], values: dict) -> None:
        self.placeholders += len(names)
        if self.placeholders > MAX_PLACEHOLDERS:
            raise TemplateError(
                _("Le modèle contient plus de %(count)s champs : découpez-le ou allégez-le.")
                % {"count": MAX_PLACEHOLDERS}
            )
        self.chars += sum(len(values[name]) for name in names)
        if self.chars > MAX_FILLED_CHARS:
            raise TemplateError(
                _("Le modèle donnerait un document démesurément long : réduisez le nombre de champs répétés.")
            )


def substitute(pieces: list[str], values: dict) -> list[str]:
    """Replace the placeholders of a paragraph split in pieces (Word runs, ODT text nodes).

    A placeholder may straddle pieces (Word splits text where formatting or spell-checking changes): its
    value goes where it starts, and its characters are removed from every piece it covers, so that each
    piece keeps its formatting.
    """
    full = "".join(pieces)
    ends, total = [], 0
    for piece in pieces:
        total += len(piece)
        ends.append(total)
    out = [[] for _ in pieces]

    def copy(start: int, stop: int) -> None:
        begin = 0
        for index, end in enumerate(ends):
            low, high = max(start, begin), min(stop, end)
            if low < high:
                out[index].append(full[low:high])
            begin = end

    def owner(position: int) -> int:
        return next(index for index, end in enumerate(ends) if end > position)

    position = 0
    for match in PLACEHOLDER.finditer(full):
        copy(position, match.start())
        out[owner(match.start())].append(values[match.group(1)])
        position = match.end()
    copy(position, len(full))
    return ["".join(parts) for parts in out]

"""In tests, a template that uses an undefined variable fails loudly instead of printing nothing.

Django prints ``string_if_invalid`` (an empty string in production) where a variable cannot be resolved, so a
misspelt or forgotten variable goes unseen: a page without its date, a link without its id. The test settings
set ``string_if_invalid`` to an ``UndefinedVariable``: Django formats it with the variable's name
(``string_if_invalid % name``), and that formatting raises ``UndefinedTemplateVariable``, naming the variable,
the template and the line. It derives from BaseException so that no ``except Exception`` on the way (an e-mail
sent in the background, a view that catches errors) can swallow it.

What stays allowed, as in Django: ``{% if missing %}``, ``{% for x in missing %}`` and the variables a
``{% firstof %}`` skips resolve quietly to nothing. Filters are not applied to an undefined variable (Django's
rule when ``string_if_invalid`` is set), so ``{{ missing|default:"…" }}`` fails too: pass the variable, or
test it with ``{% if %}``. Templates of other packages (Django's admin, allauth) are not ours to fix: there
the variable renders as in production, empty.
"""

import sys

from django.template.base import Node

MARKER = "«INVALID:%s»"


class UndefinedTemplateVariable(BaseException):
    """A template of Passerelles used a variable that the context does not define."""


def _rendering_node() -> Node | None:
    frame = sys._getframe(2)
    while frame is not None:
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, Node):
            return candidate
        frame = frame.f_back
    return None


def _third_party(node: Node | None) -> bool:
    origin = getattr(getattr(node, "origin", None), "name", "") or ""
    return "site-packages" in origin or "dist-packages" in origin


def _where(node: Node | None) -> str:
    if node is None:
        return "hors d'un gabarit"
    origin = getattr(getattr(node, "origin", None), "name", "?")
    token = getattr(node, "token", None)
    line = f", ligne {token.lineno}" if token is not None and token.lineno else ""
    return f"{origin}{line}"


class UndefinedVariable(str):
    """``string_if_invalid`` for the tests (a str, as Django's system check requires)."""

    def __new__(cls):
        return super().__new__(cls, MARKER)

    def __mod__(self, name):
        node = _rendering_node()
        if _third_party(node):
            return ""
        raise UndefinedTemplateVariable(f"Variable de gabarit non définie « {name} » : {_where(node)}")

    def __str__(self):
        # Django renders string_if_invalid itself, unformatted, for a method that needs arguments or alters
        # data ({{ mission.delete }}): the same mistake.
        node = _rendering_node()
        if _third_party(node):
            return ""
        raise UndefinedTemplateVariable(f"Méthode appelée sans ses arguments ou interdite : {_where(node)}")

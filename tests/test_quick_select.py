"""The lists' <select>s drawn in Python (passerelles/foundation/quick_select.py): Django's HTML, to the byte."""

import pytest
from django import forms

from passerelles.foundation.quick_select import QuickSelect, options_html

CHOICES = [
    ("", "Toutes"),
    (1, "Ressources & moyens"),
    ('x"y', "<b>gras</b>"),
    ("Groupe <1>", [(3, "trois"), (4, "quatre")]),
]


@pytest.mark.parametrize("value", [None, "", 1, "1", 3, 'x"y', "inconnue"])
def test_the_same_html_as_djangos_select(value):
    attrs = {"id": "unite", "data-filtre": True, "class": "c", "hidden": False, "aria-describedby": "aide"}
    assert QuickSelect(choices=CHOICES, attrs=attrs).render("unite", value) == forms.Select(
        choices=CHOICES, attrs=attrs
    ).render("unite", value)


def test_options_mark_the_chosen_one_and_escape_everything():
    html = options_html([(1, "A & B"), ("2", '<script>"')], "2")
    assert (
        html == '<option value="1">A &amp; B</option><option value="2" selected>&lt;script&gt;&quot;</option>'
    )
    assert " selected" not in options_html([(1, "A")], None) and " selected" not in options_html(
        [(1, "A")], ""
    )

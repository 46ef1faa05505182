"""Plain rules tested without the database: theme colours and SIRET numbers."""

import pytest
from django.core.exceptions import ValidationError

from passerelles.foundation.colours import contrast_ratio, darken, validate_theme_colour
from passerelles.organisations.models import validate_siret


def test_contrast_ratio_of_extremes():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("colour", ["#1d4e89", "#8a1538", "#0b6e4f", "#6b3fa0"])
def test_demo_theme_colours_are_readable_with_white_text(colour):
    validate_theme_colour(colour)
    assert contrast_ratio(colour, "#ffffff") >= 4.5


@pytest.mark.parametrize(
    ("colour", "code"),
    [
        ("#ffdd00", "contrast"),
        ("#88ccff", "contrast"),
        ("bleu", "format"),
        ("#12345", "format"),
        ("", "format"),
    ],
)
def test_unreadable_or_malformed_colours_are_refused(colour, code):
    with pytest.raises(ValidationError) as error:
        validate_theme_colour(colour)
    assert error.value.code == code


def test_darken_keeps_the_format():
    assert darken("#ffffff", 0.5) == "#80807f" or darken("#ffffff", 0.5) == "#808080"
    assert darken("#1d4e89").startswith("#") and len(darken("#1d4e89")) == 7


@pytest.mark.parametrize("siret", ["73282932000074", "35600000000048"])
def test_valid_siret(siret):
    validate_siret(siret)


@pytest.mark.parametrize(
    ("siret", "code"),
    [("73282932000075", "siret_key"), ("7328293200007", "siret_format"), ("7328 293200007", "siret_format")],
)
def test_invalid_siret(siret, code):
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert error.value.code == code


def test_the_access_layer_reads_profile_visibility_by_the_values_people_stores():
    """access.policies never imports the people app: its three visibility values must be people's."""
    from passerelles.access import policies
    from passerelles.people.models import Visibility

    assert (policies.PROFILE_HR, policies.PROFILE_NETWORK, policies.PROFILE_NOBODY) == (
        Visibility.HR,
        Visibility.NETWORK,
        Visibility.NOBODY,
    )
    assert len(Visibility.values) == 3


def test_the_access_layer_imports_no_domain_app():
    import ast
    from pathlib import Path

    import passerelles.access as access

    for path in Path(access.__file__).parent.glob("*.py"):
        modules = [
            node.module
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("passerelles.")
        ]
        assert all(m.startswith(("passerelles.access", "passerelles.foundation")) for m in modules), path

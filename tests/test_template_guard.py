"""The guard of tests/template_guard.py: an undefined variable in one of our templates fails the test, with
its name and place; Django's quiet cases ({% if %}, {% for %}, {% firstof %}) stay quiet; other packages'
templates render as in production."""

import pytest
from django.template import Context, Origin, Template
from django.template.loader import render_to_string

from tests.template_guard import UndefinedTemplateVariable


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_an_undefined_variable_fails_loudly_with_its_name():
    with pytest.raises(UndefinedTemplateVariable, match="« missionn.title »"):
        render("<h1>{{ missionn.title }}</h1>", mission={"title": "Inventaire"})
    # the guard is not an except-Exception away from being swallowed
    assert not issubclass(UndefinedTemplateVariable, Exception)


def test_a_missing_attribute_and_a_filter_on_it_fail_too():
    with pytest.raises(UndefinedTemplateVariable, match="agent.unit.name"):
        render('{{ agent.unit.name|default:"—" }}', agent={"unit": None})
    with pytest.raises(UndefinedTemplateVariable, match="« on »"):
        render("{% load i18n %}{% blocktranslate %}Le {{ on }}{% endblocktranslate %}")


def test_a_method_that_alters_data_fails():
    class Mission:
        def delete(self):
            raise AssertionError("never called from a template")

        delete.alters_data = True

    with pytest.raises(UndefinedTemplateVariable, match="Méthode"):
        render("{{ mission.delete }}", mission=Mission())


def test_the_quiet_cases_of_django_stay_quiet():
    assert render("{% if missing %}oui{% else %}non{% endif %}") == "non"
    assert render("{% for x in missing %}{{ x }}{% empty %}vide{% endfor %}") == "vide"
    assert render('{% firstof agent.unit.name "—" %}', agent={"unit": None}) == "—"
    assert render('{{ agent.job|default:"—" }}', agent={"job": ""}) == "—"


def test_a_real_template_of_ours_is_named_with_its_line(db):
    with pytest.raises(UndefinedTemplateVariable, match=r"people/_agent_facts\.html, ligne 2"):
        render_to_string("people/_agent_facts.html", {"agent": {}})


def test_templates_of_other_packages_render_as_in_production():
    """Django's admin or allauth are not ours to fix: an undefined variable there renders empty."""
    import django

    path = f"{django.__path__[0]}/contrib/admin/templates/admin/exemple.html"
    assert "site-packages" in path
    template = Template("<p>{{ opts.missing }}</p>", origin=Origin(name=path))
    assert template.render(Context({})) == "<p></p>"

"""The SIRH import's two optional columns (issue 16): gender and year of birth, for the dashboards' reach."""

import pytest

from passerelles.people.models import Agent
from passerelles.people.sirh.apply import apply_plan
from passerelles.people.sirh.planner import _birth_year, _gender
from tests.test_sirh_import import HEADER, ROWS, csv_bytes, messages, plan_of

WITH = HEADER + ";genre;année de naissance"
ROWS_WITH = [ROWS[0] + ";F;1968", ROWS[1] + ";Homme;12/05/1994", ROWS[2] + ";x;1980-03-01"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("F", "F"),
        ("femme", "F"),
        ("Féminin", "F"),
        ("H", "H"),
        ("Homme", "H"),
        ("M", "H"),
        ("X", "X"),
        ("Autre", "X"),
        ("", ""),
        ("  ", ""),
        ("Z", None),
        ("peut-être", None),
    ],
)
def test_gender_spellings(raw, expected):
    assert _gender(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1975", "1975"),
        ("01/02/1980", "1980"),
        ("1.2.1980", "1980"),
        ("1980-02-01", "1980"),
        ("1980-02-01 00:00:00", "1980"),
        ("29221", "1980"),
        ("", ""),
        ("1929", None),
        ("2999", None),
        ("75", None),
        ("hier", None),
        ("31/12/19800", None),
    ],
)
def test_birth_year_keeps_only_the_year(raw, expected):
    assert _birth_year(raw) == expected


def test_bad_values_are_reported_with_line_and_column():
    rows = [ROWS[0] + ";Q;1975", ROWS[1] + ";F;1890", ROWS[2] + ";H;"]
    plan = plan_of(csv_bytes(rows=rows, header=WITH))
    found = messages(plan)
    assert (2, "genre", "Genre inconnu « Q » : attendu F, H ou X (ou Femme, Homme, Autre).") in found
    assert any(
        line == 3 and column == "année de naissance" and "1890" in text for line, column, text in found
    )
    assert len(found) == 2  # an empty year is allowed


@pytest.mark.django_db
def test_imported_then_kept_when_a_later_file_has_no_such_column(cast, client_for):
    org = cast.partner
    apply_plan(plan_of(csv_bytes(rows=ROWS_WITH, header=WITH), org), org)
    people = {a.matricule: (a.gender, a.birth_year) for a in Agent.objects.filter(organisation=org)}
    assert people == {"M001": ("F", 1968), "M003": ("H", 1994), "M002": ("X", 1980)}
    # the usual export without the two columns changes nothing: what is known is kept
    again = plan_of(csv_bytes(), org)
    assert again.changes == 0
    # a new value is an update
    changed = [ROWS_WITH[0].replace(";F;1968", ";F;1969"), *ROWS_WITH[1:]]
    plan = plan_of(csv_bytes(rows=changed, header=WITH), org)
    assert [(e.matricule, c) for e, c in plan.update] == [("M001", {"birth_year": "1969"})]
    apply_plan(plan, org)
    assert Agent.objects.get(organisation=org, matricule="M001").birth_year == 1969


@pytest.mark.django_db
def test_never_shown_on_a_persons_page(cast, client_for):
    from passerelles.access.models import Role

    agent = cast.agents["agent"]
    Agent.objects.filter(pk=agent.pk).update(gender="F", birth_year=1971)
    response = client_for(cast.users[Role.HR]).get(f"/agents/{agent.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "1971" not in page and "Femme" not in page

"""The directory's search box (issue 21): the same answers on both databases, and a plan that reads trigram
indexes instead of every agent of the organisation — PostgreSQL's (people/migrations/0013), SQLite's FTS5 table
kept by triggers (people/name_search.py, migration 0015)."""

import pytest
from django.db import connection

from passerelles.people import name_search
from passerelles.people.directory import DirectoryFilter
from passerelles.people.models import Agent
from tests.cast import make_agent, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    org = make_organisation("Commune de Sainte-Aube", "sainte-aube")
    dupont = make_agent(org, "Camille", "Dupontel", job_title="Jardinière", matricule="M-0042")
    make_agent(org, "Louis", "Martin", job_title="Agent d'accueil", matricule="M-0043")
    return org, dupont


def searched(org, words: str):
    queryset = Agent.objects.filter(organisation=org)
    return DirectoryFilter({"q": words}, queryset, units={}).qs


@pytest.mark.parametrize("words", ["pontel", "CAMILLE", "jardin", "m-0042", "camille dupont"])
def test_a_word_anywhere_in_a_name_or_job_or_the_whole_matricule_finds_the_agent(staff, words):
    org, dupont = staff
    assert list(searched(org, words)) == [dupont]


def test_a_part_of_a_matricule_finds_nobody(staff):
    org, _ = staff
    assert list(searched(org, "0042")) == []


def test_on_postgresql_the_search_matches_the_indexes_expressions(staff):
    """PostgreSQL uses an index on an expression only for the very same expression: each one the search writes
    (``UPPER(col::text) LIKE …``, ``UPPER(matricule::text) = …``) has its index, so the planner can combine them
    instead of reading every agent of the organisation."""
    org, _ = staff
    plan = searched(org, "pontel").explain()
    if connection.vendor != "postgresql":
        # SQLite finds the candidates in its FTS5 trigram table, then checks them by their key.
        assert "VIRTUAL TABLE INDEX" in plan and name_search.SQLITE_TABLE in plan, plan
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'people_agent'")
        indexes = dict(cursor.fetchall())
    for column in ("first_name", "last_name", "job_title"):
        definition = indexes[f"people_agent_{column}_trgm"]
        assert f"gin (upper(({column})::text) gin_trgm_ops)" in definition, definition
        assert f"upper(({column})::text) ~~ '%PONTEL%'" in plan, plan
    assert "(upper((matricule)::text))" in indexes["people_agent_matricule_upper"]
    assert "upper((matricule)::text) = 'PONTEL'" in plan, plan


def test_is_a_manager_reads_an_index_even_when_no_agent_has_one():
    """Every request asks whether the signed-in agent manages anyone (access/actor.py). An organisation whose SIRH
    file names no manager leaves the column NULL everywhere; after ``ANALYZE`` SQLite judged a plain index on it
    useless and read every agent. The index of the rows that have a manager is read on both databases."""
    org = make_organisation("Commune de Sainte-Aube", "sainte-aube")
    agents = [make_agent(org, "Agent", f"N{i:03d}") for i in range(60)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    query = Agent.objects.filter(manager=agents[0], is_active=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a 60-row table is read whole otherwise
    assert "agent_manager_set" in query.explain()
    assert not query.exists()
    agents[1].manager = agents[0]
    agents[1].save(update_fields=["manager"])
    assert query.exists()


@pytest.mark.parametrize("words", ["po", "é", 'a"b', "*", "NEAR", "OR x", "de' ", "M-", "%", "_", "\\"])
def test_short_or_hostile_words_give_the_answer_of_like(staff, words):
    """Words shorter than a trigram keep ``LIKE`` alone; a quote, a star or an FTS5 keyword is only text."""
    from django.db.models import Q

    org, _ = staff
    expected = Agent.objects.filter(organisation=org)
    for word in words.split():
        expected = expected.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(job_title__icontains=word)
            | Q(matricule__iexact=word)
        )
    assert set(searched(org, words)) == set(expected)


def test_every_write_path_leaves_the_index_right(staff):
    """A form's save, ``update()``, ``bulk_create`` (the SIRH import) and a deletion: the triggers follow."""
    org, dupont = staff
    dupont.last_name = "Lefebvre"
    dupont.save()
    assert list(searched(org, "lefeb")) == [dupont]
    assert list(searched(org, "pontel")) == []
    Agent.objects.filter(pk=dupont.pk).update(job_title="Menuisière")
    assert list(searched(org, "menuis")) == [dupont]
    assert list(searched(org, "jardin")) == []
    created = Agent.objects.bulk_create(
        [Agent(organisation=org, first_name="Inès", last_name="Garnier", job_title="Archiviste")]
    )
    assert [a.pk for a in searched(org, "archiv")] == [created[0].pk]
    Agent.objects.filter(pk=created[0].pk).delete()
    assert list(searched(org, "archiv")) == []


def test_the_index_comes_back_after_a_table_rebuild(staff):
    """On SQLite, Django rebuilds a table to alter it and its triggers go with it: the index is put back (and
    refilled) after every ``migrate``."""
    org, dupont = staff
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in name_search.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
        Agent.objects.filter(pk=dupont.pk).update(last_name="Vasseur")  # unseen by the index
        assert list(searched(org, "vasseur")) == []
        assert name_search.ensure_sqlite_index(connection) is True
        assert name_search.ensure_sqlite_index(connection) is False  # nothing more to repair
    else:  # PostgreSQL's trigram indexes belong to the table: a rebuild keeps them, nothing to repair
        Agent.objects.filter(pk=dupont.pk).update(last_name="Vasseur")
    assert list(searched(org, "vasseur")) == [dupont]
    assert list(searched(org, "pontel")) == []

"""Mission search on each database's own full-text engine (issue 21): PostgreSQL's ``tsvector`` with the
``passerelles_french`` configuration, SQLite's FTS5 — the same answers on both, ranked, and never an error."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict

from passerelles.access.models import Role
from passerelles.missions import fulltext
from passerelles.missions.models import Mission, MissionStatus
from passerelles.missions.queries import Filters, discoverable, search
from tests.cast import make_mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(cast):
    return cast.agents[Role.HOST]


def published(cast, lead, title, **extra):
    values = {"visibility": "organisation", "description": "Une mission.", **extra}
    return make_mission(cast.home, lead.unit, lead, title=title, status=MissionStatus.PUBLISHED, **values)


def found(cast, query: str) -> list[Mission]:
    user = cast.users[Role.AGENT]
    return list(search(discoverable(user), Filters.from_query(QueryDict(query)), user=user))


def test_every_word_stemmed_accents_and_case_ignored(cast, lead):
    workshops = published(cast, lead, "Animation d'ateliers numériques")
    education = published(cast, lead, "ÉDUCATION à l'environnement", description="Sorties nature.")
    garden = published(cast, lead, "Jardins partagés", description="Cuisine collective du potager.")
    assert found(cast, "q=animer") == [workshops]
    assert found(cast, "q=ATELIER+numerique") == [workshops]
    assert found(cast, "q=education") == [education] and found(cast, "q=Éducation") == [education]
    assert found(cast, "q=jardin+cuisiner") == [garden]  # every word, wherever it is
    assert found(cast, "q=jardin+environnement") == []  # each word in one mission, none has both
    assert found(cast, "q=les+jardins+de+la+ville") == []  # « ville » is a word, not a stop word
    assert found(cast, "q=les+jardins+de+la") == [garden]  # stop words ignored


def test_the_last_word_is_a_prefix_as_one_types(cast, lead):
    garden = published(cast, lead, "Jardinage au potager")
    assert found(cast, "q=potag") == [garden]
    assert found(cast, "q=jardinage+pot") == [garden]
    assert found(cast, "q=jard+potager") == []  # only the word being typed is a prefix


def test_a_title_hit_ranks_above_a_body_hit_and_a_chosen_order_wins(cast, lead):
    today = datetime.date.today()
    # created oldest first: the newest-first order is the reverse of the relevance order
    in_title = published(cast, lead, "Bibliothèque de rue", start_date=today + datetime.timedelta(days=60))
    in_skills = published(cast, lead, "Renfort du service", skills="bibliothèque, catalogage")
    in_body = published(
        cast,
        lead,
        "Renfort à l'accueil",
        description="Préparer la bibliothèque de prêt et accueillir les lecteurs.",
        start_date=today + datetime.timedelta(days=10),
    )
    published(cast, lead, "Sans rapport")
    assert found(cast, "q=bibliotheque") == [
        in_title,
        in_skills,
        in_body,
    ]  # relevance, the default with words
    assert found(cast, "q=bibliotheque&tri=pertinence") == [in_title, in_skills, in_body]
    assert found(cast, "q=bibliotheque&tri=recent") == [in_body, in_skills, in_title]  # a chosen order wins
    assert found(cast, "q=bibliotheque&tri=debut")[0] == in_body
    assert Filters.from_query(QueryDict("q=bibliotheque")).effective_sort == "pertinence"
    assert (
        Filters.from_query(QueryDict("tri=pertinence")).effective_sort == "recent"
    )  # no words, no relevance


def test_the_skills_filter_reads_the_skills_alone(cast, lead):
    skilled = published(cast, lead, "Renfort", skills="animation d'ateliers, accueil")
    published(cast, lead, "Animation de la fête")  # the word in the title only
    assert found(cast, "competence=animer") == [skilled]
    assert found(cast, "competence=atel&q=renfort") == [skilled]


def test_results_stay_within_what_the_person_may_see(cast, lead):
    mine = published(cast, lead, "Jardinage solidaire")
    make_mission(cast.home, lead.unit, lead, title="Jardinage en brouillon", visibility="organisation")
    make_mission(
        cast.outsider,
        cast.outsider_unit,
        cast.outsider_agent,
        title="Jardinage métropolitain",
        status=MissionStatus.PUBLISHED,
        visibility="organisation",
    )
    assert found(cast, "q=jardinage") == [mine]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"jardin',
        "*",
        "jardin*",
        "-jardin",
        "NEAR",
        "NEAR(jardin potager)",
        "jardin OR potager",
        "jardin AND NOT potager",
        "(jardin",
        ")",
        "title:jardin",
        "{title}: jardin",
        "^jardin",
        "jardin & | ! <-> :*",
        "jardin:*A",
        "'",
        "\\",
        "jardin\x00potager",
        "\x00",
        "__",
        "_jardin_",
        "le la les de",
        "a" * 1000,
        "jardin " * 200,
        "𝔧𝔞𝔯𝔡𝔦𝔫 😀 ₂ ½",
        "اللغة 中文 ελληνικά",
    ],
)
def test_hostile_queries_never_fail(cast, lead, query):
    garden = published(cast, lead, "Jardin potager", skills="jardin, potager")
    user = cast.users[Role.AGENT]
    everyone = discoverable(user)
    results = list(search(everyone, Filters(q=query, skill=query), user=user))
    assert set(results) <= set(everyone)
    if query in ("jardin*", "-jardin", "(jardin", "^jardin", "jardin:*A"):
        assert garden in results  # the syntax is ignored, the word is searched
    if query == "le la les de":
        assert garden in results  # only stop words: no word to search, no filter


def test_hostile_queries_through_the_page(cast, client_for, lead):
    published(cast, lead, "Jardin potager")
    agent = client_for(cast.users[Role.AGENT])
    for query in ['"', "NEAR(", "*", "a" * 1000, "jardin)", "OR -", "le la"]:
        response = agent.get("/missions/", {"q": query, "competence": query})
        assert response.status_code == 200


def test_pages_follow_the_ranking_without_repeating_a_mission(cast, client_for, lead, settings):
    settings.PAGE_SIZE = 4  # two cards a page
    titles = [f"Accueil du public {n}" for n in range(3)] + [f"Renfort {n}" for n in range(2)]
    for title in titles:
        published(cast, lead, title, description="Accueil et orientation des usagers.")
    agent = client_for(cast.users[Role.AGENT])
    pages = [agent.get("/missions/", {"q": "accueil", "page": n}).context["page"] for n in (1, 2, 3)]
    seen = [mission.title for page in pages for mission in page.object_list]
    assert len(seen) == len(set(seen)) == 5
    assert all(title.startswith("Accueil du public") for title in seen[:3])  # the title hits first


def test_every_write_path_leaves_the_index_right(cast, lead):
    """No write path can forget the index: the database keeps it (a trigger on each engine)."""
    base = make_mission(cast.home, lead.unit, lead, title="Modèle", status=MissionStatus.PUBLISHED)
    base.visibility = "organisation"
    base.save()
    copies = Mission.objects.bulk_create(
        [
            Mission(
                organisation=base.organisation,
                host_unit=base.host_unit,
                project_lead=base.project_lead,
                created_by=base.created_by,
                title=f"Maraîchage {n}",
                short_code=f"T{n:05d}",
                description="Semis et récoltes.",
                skills="botanique",
                purpose=base.purpose,
                time_share_percent=20,
                start_date=base.start_date,
                end_date=base.end_date,
                status=MissionStatus.PUBLISHED,
                visibility="organisation",
                published_at=base.published_at,
            )
            for n in range(3)
        ]
    )
    assert set(found(cast, "q=maraichage")) == set(copies)
    assert [m.pk for m in found(cast, "competence=botanique")] != []
    Mission.objects.filter(pk=copies[0].pk).update(title="Apiculture", skills="")  # update() too
    assert set(found(cast, "q=maraichage")) == set(copies[1:])
    assert found(cast, "q=apiculture") == [copies[0]]
    assert copies[0] not in found(cast, "competence=botanique")
    copies[1].description = "Taille des haies."
    copies[1].title = "Haies"
    copies[1].save()  # a plain save
    assert found(cast, "q=haie") == [copies[1]]
    Mission.objects.filter(pk=copies[2].pk).delete()
    assert found(cast, "q=maraichage") == []


def test_the_index_comes_back_after_a_table_rebuild(cast, lead):
    """On SQLite, Django rebuilds a table to alter it and its triggers go with it: the index is put back after
    every ``migrate``. On PostgreSQL the trigger and the GIN index are in place."""
    mission = published(cast, lead, "Ferronnerie d'art")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in fulltext.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
            Mission.objects.filter(pk=mission.pk).update(title="Vitrail")  # unseen by the index
            assert found(cast, "q=vitrail") == []
            assert fulltext.ensure_sqlite_index(connection) is True
            assert fulltext.ensure_sqlite_index(connection) is False  # nothing more to repair
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = 'missions_mission_search_vector'")
            assert cursor.fetchall()
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'missions_mission_search_vector_gin'"
            )
            assert "gin" in cursor.fetchone()[0]
            Mission.objects.filter(pk=mission.pk).update(title="Vitrail")
    assert found(cast, "q=vitrail") == [mission]
    assert found(cast, "q=ferronnerie") == []

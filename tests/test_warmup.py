"""The warm-up of a web process (passerelles/core/warmup.py): done once in gunicorn's master (preload_app), so
that a worker replaced after its thousand requests serves its first pages as fast as the others."""

import importlib

import pytest
from django.template import engines
from django.urls import get_resolver

from passerelles.core import warmup


@pytest.mark.django_db
def test_the_warm_up_compiles_every_template_of_the_project_without_a_query(django_assert_num_queries):
    names = warmup.project_templates()
    assert "base.html" in names and "engagements/engagement_detail.html" in names
    assert "engagements/propose_meeting.html" in names and len(names) > 200
    from passerelles.matching.index import cached_tag_terms
    from passerelles.people import vocabulary

    cached_tag_terms.cache_clear()
    with django_assert_num_queries(0):  # nothing opened before gunicorn forks its workers
        assert warmup.warm() == len(names)
    # every shipped label's tag terms are ready for the suggestions' first rankings
    assert cached_tag_terms.cache_info().currsize >= len({entry["label"] for entry in vocabulary.entries()})
    engine = engines["django"]
    # compiled once: the engine hands the same template back (its cached loader kept it)
    assert (
        engine.get_template("engagements/engagement_detail.html").template
        is engine.get_template("engagements/engagement_detail.html").template
    )
    assert {"fr", "en"} <= set(get_resolver()._reverse_dict)  # the URLs of both languages, read


def test_gunicorn_loads_and_warms_the_application_in_its_master_unless_told_not_to(monkeypatch):
    from passerelles import gunicorn_conf

    try:
        monkeypatch.delenv("GUNICORN_PRELOAD", raising=False)
        assert importlib.reload(gunicorn_conf).preload_app is True
        monkeypatch.setenv("GUNICORN_PRELOAD", "0")
        assert importlib.reload(gunicorn_conf).preload_app is False
    finally:
        monkeypatch.delenv("GUNICORN_PRELOAD", raising=False)
        importlib.reload(gunicorn_conf)


def test_the_wsgi_module_warms_the_application(monkeypatch):
    calls = []
    monkeypatch.setattr(warmup, "warm", lambda: calls.append("warm") or 0)
    import passerelles.wsgi

    calls.clear()  # imported for the first time just now, or earlier by another test
    importlib.reload(passerelles.wsgi)
    assert calls == ["warm"] and callable(passerelles.wsgi.application)


def test_the_master_leaves_its_objects_out_of_the_workers_collections():
    import gc

    from passerelles import gunicorn_conf

    gc.unfreeze()
    try:
        gunicorn_conf.when_ready(server=None)
        assert gc.get_freeze_count() > 10_000  # Django, the project, its compiled templates
    finally:
        gc.unfreeze()


def test_the_warm_up_reads_the_public_holidays():
    import datetime

    from passerelles.foundation import calendar_fr

    calendar_fr._calendar.cache_clear()
    warmup.warm()
    assert calendar_fr._calendar.cache_info().currsize == 1
    year = datetime.date.today().year
    assert {year, year + 1} <= set(calendar_fr._calendar(None).years)


def test_the_warm_up_stems_the_shipped_vocabulary():
    """A worker's first suggestions no longer stem thousands of words: the vocabulary's are done."""
    from passerelles.missions.text import stem
    from passerelles.people import vocabulary

    stem.cache_clear()
    warmup.warm()
    texts = vocabulary.shipped_texts()
    assert len(texts) > 100 and "Commande publique" in texts
    assert stem.cache_info().currsize > 500
    hits = stem.cache_info().hits
    stem("marchés")  # a word of the vocabulary: already stemmed
    assert stem.cache_info().hits == hits + 1

"""The benchmark cache's keys (benchmarks/datasets.py): a data set is reused only while what built it is the
same — builder version and schema."""

from benchmarks import datasets


def test_builder_versions_are_the_modules_own_constants():
    from benchmarks import person_search, suggestions_data
    from passerelles.demo.generator import GENERATOR_VERSION

    builders = datasets.builders()
    assert builders["demo"].version == GENERATOR_VERSION
    assert builders["demo"].dated  # the demo network is drawn from today's date
    assert builders["suggestions"].version == suggestions_data.VERSION
    assert builders["person_search"].version == person_search.VERSION


def test_key_changes_with_the_version_and_template_names_fit_postgresql():
    demo = datasets.builders()["demo"]
    bumped = datasets.Builder(demo.name, demo.function, demo.version + 1, demo.dated)
    assert datasets._key(demo, 100_000) != datasets._key(bumped, 100_000)
    assert datasets.schema_state() in datasets._key(demo, 100_000)
    name = datasets._template_name(datasets._key(demo, 1_000_000))
    assert len(name) <= 63 and name.startswith(f"bench_{datasets._cache_tag()}_demo_1000000_")


def test_schema_state_follows_the_migrations(tmp_path, monkeypatch):
    app = tmp_path / "passerelles" / "people" / "migrations"
    app.mkdir(parents=True)
    (app / "0001_initial.py").write_text("")
    monkeypatch.setattr(datasets, "ROOT", tmp_path)
    before = datasets.schema_state()
    (app / "0002_more.py").write_text("")
    assert datasets.schema_state() != before

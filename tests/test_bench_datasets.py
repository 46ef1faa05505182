"""The benchmark cache's keys (benchmarks/datasets.py): a data set is reused only while what built it is the
same — builder version and dependencies — and migrated in place when migrations were only added."""

import json

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
    assert datasets.dependencies_state() in datasets._key(demo, 100_000)
    name = datasets._template_name(datasets._key(demo, 1_000_000))
    assert len(name) <= 63 and name.startswith(f"bench_{datasets._cache_tag()}_demo_1000000_")


def _cached_entry(tmp_path, monkeypatch, held):
    """A cache folder holding an SQLite 'empty' set whose meta.json lists ``held`` migrations."""
    monkeypatch.setattr(datasets, "CACHE_DIR", tmp_path)
    builder = datasets.builders()["empty"]
    entry = tmp_path / "sqlite" / datasets._key(builder, 0)
    (entry / "data").mkdir(parents=True)
    (entry / "meta.json").write_text(json.dumps({"migrations": held, "key": entry.name}))
    calls = []
    monkeypatch.setattr(datasets, "_build_entry", lambda *a: calls.append("build") or _write(entry, held))
    monkeypatch.setattr(datasets, "_migrate_entry", lambda e, d, missing: calls.append(("migrate", missing)))
    return builder, calls


def _write(entry, held):
    (entry / "meta.json").write_text(json.dumps({"migrations": datasets.migrations()}))


def test_a_set_missing_only_new_migrations_is_migrated_not_built(tmp_path, monkeypatch):
    current = datasets.migrations()
    builder, calls = _cached_entry(tmp_path, monkeypatch, current[:-1])
    datasets._ensure(builder, 0, "sqlite")
    assert calls == [("migrate", [current[-1]])]


def test_a_set_holding_a_migration_gone_from_disk_is_built_again(tmp_path, monkeypatch):
    builder, calls = _cached_entry(tmp_path, monkeypatch, [*datasets.migrations(), "people/0999_squashed"])
    datasets._ensure(builder, 0, "sqlite")
    assert calls == ["build"]


def test_an_up_to_date_set_is_reused_as_it_is(tmp_path, monkeypatch):
    builder, calls = _cached_entry(tmp_path, monkeypatch, datasets.migrations())
    datasets._ensure(builder, 0, "sqlite")
    assert calls == []


def test_migrations_are_listed_from_disk(tmp_path, monkeypatch):
    app = tmp_path / "passerelles" / "people" / "migrations"
    app.mkdir(parents=True)
    (app / "0001_initial.py").write_text("")
    (app / "__init__.py").write_text("")
    monkeypatch.setattr(datasets, "ROOT", tmp_path)
    assert datasets.migrations() == ["people/0001_initial"]

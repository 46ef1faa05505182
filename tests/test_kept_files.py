"""foundation/kept_files.py: the folder of kept results is looked at (and culled) once a minute at most in a
process, not at every result kept; when it is looked at, a folder over MAX_ENTRIES is culled."""

import pytest

from passerelles.foundation import kept_files


@pytest.fixture
def kept(tmp_path, monkeypatch):
    monkeypatch.setitem(kept_files._looked_at, "time", float("-inf"))
    clock = {"now": 1000.0}
    monkeypatch.setattr(kept_files.time, "monotonic", lambda: clock["now"])
    cache = kept_files.KeptFilesCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    looks = []
    listing = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: looks.append(1) or listing())
    return cache, clock, looks


def test_the_folder_is_looked_at_once_a_minute_and_culled_when_over(kept):
    cache, clock, looks = kept
    for number in range(30):
        cache.set(f"result-{number}", number, 120)
    assert len(looks) == 1  # at the first result only: not 30 listings of the folder
    assert len(listing := cache._list_cache_files()) == 30 and len(looks) == 2
    assert cache.get("result-29") == 29  # every result kept is read back
    clock["now"] += kept_files.CULL_EVERY - 1
    cache.set("one-more", 1, 120)
    assert len(looks) == 2  # still within the minute
    clock["now"] += 2
    cache.set("after-a-minute", 2, 120)
    assert len(looks) == 3
    assert (
        len(cache._list_cache_files()) < len(listing) + 2
    )  # over MAX_ENTRIES: culled (a half, CULL_FREQUENCY 2)
    assert cache.get("after-a-minute") == 2  # what was just kept stays

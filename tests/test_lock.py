"""The lock files that `make` installs from agree with pyproject.toml, and every file they allow has a hash.

`make run` and `make test` install requirements/lock.txt and requirements/dev-lock.txt with
``pip install --require-hashes``, then the project without its dependencies: a dependency changed in
pyproject.toml but not in the locks (`make lock` forgotten) would silently not be installed. No network.
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name → (version, hashes) of a lock file written by uv pip compile --generate-hashes."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in path.read_text().splitlines():
        if match := PIN.match(line):
            current = normalise(match.group(1))
            entries[current] = (match.group(2), [])
        elif current and (hashed := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            entries[current][1].append(hashed.group(1))
    return entries


def pins(requirements: list[str]) -> dict[str, str]:
    found = {}
    for requirement in requirements:
        match = PIN.match(requirement)
        assert match, f"pyproject.toml pins every dependency exactly: {requirement}"
        found[normalise(match.group(1))] = match.group(2)
    return found


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("lock.txt", ["dependencies"]), ("dev-lock.txt", ["dependencies", "dev"])],
)
def test_the_locks_pin_what_pyproject_pins_with_hashes(lock, groups):
    entries = locked(ROOT / "requirements" / lock)
    wanted = {}
    for group in groups:
        requirements = (
            PYPROJECT["project"]["dependencies"]
            if group == "dependencies"
            else PYPROJECT["project"]["optional-dependencies"][group]
        )
        wanted.update(pins(requirements))
    for name, version in wanted.items():
        assert name in entries, f"{name} absent de requirements/{lock} : lancez `make lock`"
        assert entries[name][0] == version, f"{name} {entries[name][0]} ≠ {version} : lancez `make lock`"
    assert all(hashes for _, hashes in entries.values())
    # what builds and installs the project is locked too (make installs it with --no-build-isolation)
    assert {"pip", "setuptools"} <= set(entries)
    if lock == "lock.txt":
        # the runtime lock has nothing the application does not need
        assert not {"pytest", "playwright", "ruff", "uv"} & set(entries)


def test_the_build_backend_in_the_lock_is_the_one_pyproject_asks_for():
    from packaging.requirements import Requirement

    [backend] = PYPROJECT["build-system"]["requires"]
    requirement = Requirement(backend)
    version, _ = locked(ROOT / "requirements" / "lock.txt")[normalise(requirement.name)]
    assert requirement.specifier.contains(version)

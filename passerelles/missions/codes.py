"""A mission's short code, as people type or say it: « m 7k4q », « M-7K4Q », « 7k4q » are the same code.

HR hears a code on the phone and types it; the lookup goes through the person's own scope, so a code of a
mission they may not see answers exactly like a code that does not exist.
"""

import re

from passerelles.missions.models import SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH, SHORT_CODE_PREFIX, Mission

_NOT_CODE = re.compile(r"[^0-9A-Z]")
_SPELT_PREFIX = re.compile(r"M[^0-9A-Z]")


def normalise(text: str) -> str | None:
    """The canonical « M-XXXX » form of what someone typed, or None if it cannot be a code."""
    raw = str(text or "")[:40].upper().strip()
    prefix = SHORT_CODE_PREFIX.rstrip("-")
    if _SPELT_PREFIX.match(raw):  # « M-7K4Q », « m 7k4q »: the M said apart is the prefix
        letters = _NOT_CODE.sub("", raw[len(prefix) :])
    else:
        letters = _NOT_CODE.sub("", raw)
        if len(letters) == SHORT_CODE_LENGTH + len(prefix) and letters.startswith(prefix):
            letters = letters[len(prefix) :]  # « M7K4Q »
    if len(letters) != SHORT_CODE_LENGTH or any(char not in SHORT_CODE_ALPHABET for char in letters):
        return None
    return SHORT_CODE_PREFIX + letters


def mission_by_code(user, text: str) -> Mission | None:
    """The mission ``user`` may see with this code, or None (unknown, or not theirs to see: the same)."""
    code = normalise(text)
    if code is None:
        return None
    return Mission.objects.for_actor(user).filter(short_code=code).first()

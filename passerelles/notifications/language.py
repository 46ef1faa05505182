"""Write to each person in their own language, not in the language of whoever caused the message.

A notification is often written while someone else's request is being answered (HR publishes a mission, a
manager gives an agreement): ``gettext`` then speaks the sender's language. Call sites build the subject and
the message inside ``in_language_of(recipient)``; ``notify`` itself writes the e-mail, the summary and the SMS
in that language too.
"""

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation


def language_of(user) -> str:
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user):
    """Translate into ``user``'s language inside the block (the previous language comes back after it)."""
    with translation.override(language_of(user)):
        yield

"""Uploaded files: random storage names, and one way to serve them after the view has checked the right.

Nothing under MEDIA_ROOT is published as such. A view fetches the object through the actor's scope, then calls
``serve_file``: Django sends the bytes itself (``FILE_SERVING = django``) or hands the path to the front
server (``x-accel-redirect`` for nginx, ``x-sendfile`` for Apache), which then serves it from a location
nobody can reach directly (docs/fichiers.md).
"""

import secrets
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.deconstruct import deconstructible

# The extensions kept in a storage name (lowercase); anything else is stored without one.
KEPT_EXTENSIONS = {
    ".jpg",
    ".jpeg",
    ".png",
    ".webp",
    ".csv",
    ".txt",
    ".xlsx",
    ".xlsm",
    ".docx",
    ".odt",
    ".pdf",
}


@deconstructible
class RandomName:
    """``upload_to`` for a FileField: ``<folder>/<128 random bits>.<ext>`` — the name the person gave the file
    is never part of the path, and no name can be guessed from another."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        extension = PurePosixPath(filename or "").suffix.lower()
        if extension not in KEPT_EXTENSIONS:
            extension = ""
        return f"{self.folder}/{secrets.token_hex(16)}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def serve_file(
    field_file,
    *,
    content_type: str,
    filename: str | None = None,
    as_attachment: bool = False,
    cache_seconds: int = 0,
) -> HttpResponse:
    """The response sending ``field_file`` — to be called only once the right to see it has been checked."""
    if not field_file or not field_file.name:
        raise Http404
    mode = settings.FILE_SERVING
    if mode == "django":
        try:
            handle = field_file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, content_type=content_type, as_attachment=as_attachment, filename=filename or ""
        )
    else:
        response = HttpResponse(content_type=content_type)
        if mode == "x-accel-redirect":
            response["X-Accel-Redirect"] = (
                settings.FILE_SERVING_INTERNAL_URL.rstrip("/") + "/" + quote(field_file.name)
            )
        else:  # x-sendfile
            response["X-Sendfile"] = field_file.path
        if filename or as_attachment:
            disposition = "attachment" if as_attachment else "inline"
            ascii_name = (filename or "fichier").encode("ascii", "ignore").decode() or "fichier"
            response["Content-Disposition"] = (
                f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename or ascii_name)}"
            )
    # A file is data: the browser must not guess its type (nosniff), and an image opened on its own runs nothing.
    # (Not on PDFs: a sandboxed page cannot show them in the browser's viewer.)
    response["X-Content-Type-Options"] = "nosniff"
    if content_type.startswith("image/"):
        response["Content-Security-Policy"] = (
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
        )
    response["Cache-Control"] = f"private, max-age={cache_seconds}" if cache_seconds else "private, no-store"
    return response

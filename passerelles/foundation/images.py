"""Uploaded images are data: decoded within a pixel limit, then re-encoded, so what is stored is only pixels.

What is refused, each with a French sentence (never a server error): SVG (a document that can carry scripts,
not an image), anything Pillow cannot decode, an image over ``MAX_PIXELS`` (checked from the header, before
the pixels are decoded: a 144-megapixel PNG of a few kilobytes is refused without costing memory), and
Pillow's own decompression-bomb guard. What is kept: the pixels, in PNG (with transparency), JPEG or WebP,
turned upright from the EXIF orientation; everything else — EXIF (GPS position, camera), ICC profiles, text
chunks, animation frames — is dropped.
"""

import io
import warnings

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_PIXELS = 25_000_000  # 25 megapixels: a phone photo is 12
MAX_SIDE = 2560  # stored images are scaled down to this, which is more than any page shows
FORMATS = {
    "PNG": ("PNG", ".png"),
    "JPEG": ("JPEG", ".jpg"),
    "MPO": ("JPEG", ".jpg"),
    "WEBP": ("WEBP", ".webp"),
}
FORMATS_GIF = {"GIF": ("PNG", ".png")}  # a GIF keeps its first frame, as a PNG


class ImageRefused(Exception):
    """The file is not an image we keep; the message is for the person who sent it."""


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in text[:1024]


def reencode(data: bytes, *, max_pixels: int = MAX_PIXELS, max_side: int = MAX_SIDE) -> tuple[bytes, str]:
    """The image's pixels, re-encoded without metadata: (bytes, extension). Raises ImageRefused."""
    if _looks_like_svg(data[:2048]):
        raise ImageRefused(_("Les images SVG ne sont pas acceptées : envoyez une image PNG, JPEG ou WebP."))
    with warnings.catch_warnings():
        # Our pixel limit, checked just below from the header, is stricter than Pillow's warning threshold
        # (89 megapixels), so that warning is ours to answer; Pillow's error (over 178) stays an error.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > max_pixels:
                raise ImageRefused(
                    _(
                        "Image trop grande : %(width)s × %(height)s pixels, soit %(mp)s mégapixels "
                        "(%(max)s au plus). Réduisez-la avant de l'envoyer."
                    )
                    % {
                        "width": width,
                        "height": height,
                        "mp": round(width * height / 1_000_000),
                        "max": max_pixels // 1_000_000,
                    }
                )
            target = FORMATS.get(image.format) or FORMATS_GIF.get(image.format)
            if target is None:
                raise ImageRefused(_("Format d'image non accepté : envoyez une image PNG, JPEG ou WebP."))
            image.load()
            image = ImageOps.exif_transpose(image)
        except ImageRefused:
            raise
        except Image.DecompressionBombError:
            raise ImageRefused(
                _("Image trop grande une fois décompressée : réduisez-la avant de l'envoyer.")
            ) from None
        except Exception:  # noqa: BLE001 — whatever a malformed file makes Pillow raise, it is a refusal, not a 500
            raise ImageRefused(
                _("Ce fichier n'est pas une image lisible : envoyez une image PNG, JPEG ou WebP.")
            ) from None
    file_format, extension = target
    try:
        has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
        clean = image.convert("RGBA" if has_alpha and file_format != "JPEG" else "RGB")
        clean.info = {}  # no EXIF, ICC profile or text chunk is carried over
        clean.thumbnail((max_side, max_side))
        output = io.BytesIO()
        options = {"quality": 88, "optimize": True} if file_format == "JPEG" else {}
        if file_format == "WEBP":
            options = {"quality": 88}
        clean.save(output, file_format, **options)
    except Exception:  # noqa: BLE001 — an image decoded but not re-encodable (an exotic mode) is refused too
        raise ImageRefused(
            _("Cette image ne peut pas être réenregistrée : envoyez-la en PNG, JPEG ou WebP.")
        ) from None
    return output.getvalue(), extension


class _Shown:
    """What the « current file » link of the widget shows: the view that serves it, not the storage name."""

    def __init__(self, url: str, label: str):
        self.url, self.label = url, label

    def __str__(self):
        return self.label


class ServedFileInput(forms.ClearableFileInput):
    """ClearableFileInput whose « currently » link goes to the serving view (``shown_url``), never to /media/."""

    shown_url = ""

    def format_value(self, value):
        if self.is_initial(value):
            return _Shown(self.shown_url, _("image actuelle")) if self.shown_url else None
        return None


class ImageUploadField(forms.FileField):
    """A form field for an image: size checked before decoding, then re-encoded (see ``reencode``). Its
    cleaned value is a new file holding only the pixels; the storage name comes from the model's upload_to."""

    def __init__(self, *args, max_bytes: int, **kwargs):
        self.max_bytes = max_bytes
        kwargs.setdefault("widget", ServedFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}))
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("L'image ne doit pas dépasser %(size)s.") % {"size": _size(self.max_bytes)}
            )
        upload.seek(0)
        try:
            content, extension = reencode(upload.read())
        except ImageRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return ContentFile(content, name=f"image{extension}")


def _size(size: int) -> str:
    return f"{size // (1024 * 1024)} Mo" if size >= 1024 * 1024 else f"{size // 1024} Ko"


CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def image_content_type(name: str) -> str:
    """The type to serve a stored image with; a file stored before re-encoding existed, of another kind, is
    sent as opaque bytes (the browser shows nothing rather than guessing)."""
    for extension, content_type in CONTENT_TYPES.items():
        if name.lower().endswith(extension):
            return content_type
    return "application/octet-stream"

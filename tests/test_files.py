"""Uploaded files: images re-encoded (no SVG, no bomb, no metadata), random storage names, served only through
views that check the right, and requests too big refused before they are read."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.foundation.images import ImageRefused, reencode
from passerelles.missions.models import MissionStatus
from passerelles.organisations.models import Organisation
from passerelles.stories.models import Audience, Story, StoryPhoto, StoryStatus
from tests.cast import make_engagement, make_mission
from tests.test_pages import FRAMEWORKS

pytestmark = pytest.mark.django_db
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'


def png(width=40, height=30, colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def huge_png(width=12_000, height=12_000) -> bytes:
    """A 144-megapixel PNG header with almost no data: a few hundred bytes that would decode to 144 MB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Appareil de Zorglub"  # Make
    exif[0x0131] = "Logiciel secret"  # Software
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def settings_post(client, **files):
    return client.post(
        "/organisations/ville-alpha/parametres/",
        {"name": "Ville d'Alpha", "theme_colour": "#1d4e89", **FRAMEWORKS, **files},
    )


@pytest.fixture
def ended(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers")
    return make_engagement(cast.agents["agent"], mission, State.ENDED, agreement_round=1)


def story_post(client, engagement, photo):
    return client.post(
        "/recits/nouveau/",
        {
            "engagement": engagement.pk,
            "title": "Mon récit",
            "text": "x",
            "photo_1": photo,
            "alt_1": "Une photo",
        },
    )


# ---- images ----


def test_a_144_megapixel_png_is_refused_as_logo_and_as_story_photo(cast, client_for, ended):
    message = "Image trop grande : 12000 × 12000 pixels, soit 144 mégapixels (25 au plus)."
    admin = client_for(cast.users[Role.ADMIN])
    response = settings_post(admin, logo=SimpleUploadedFile("logo.png", huge_png(), content_type="image/png"))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Organisation.objects.get(pk=cast.home.pk).logo
    agent = client_for(cast.users[Role.AGENT])
    response = story_post(agent, ended, SimpleUploadedFile("photo.png", huge_png()))
    assert response.status_code == 200 and message in response.content.decode()
    assert not StoryPhoto.objects.filter(story__agent=ended.agent).exists()


def test_pillows_decompression_bomb_guard_is_a_french_refusal_too():
    with pytest.raises(ImageRefused, match="trop grande une fois décompressée"):
        reencode(huge_png(15_000, 15_000), max_pixels=10**12)  # without our limit, Pillow's guard answers


@pytest.mark.parametrize("name", ["logo.svg", "logo.png"])  # the name changes nothing: the content is read
def test_svg_is_refused(cast, client_for, ended, name):
    message = "Les images SVG ne sont pas acceptées"
    response = settings_post(client_for(cast.users[Role.ADMIN]), logo=SimpleUploadedFile(name, SVG))
    assert message in response.content.decode() and not Organisation.objects.get(pk=cast.home.pk).logo
    response = story_post(client_for(cast.users[Role.AGENT]), ended, SimpleUploadedFile(name, SVG))
    assert message in response.content.decode()
    assert not StoryPhoto.objects.filter(story__agent=ended.agent).exists()


def test_images_are_re_encoded_without_metadata_under_a_random_name(cast, client_for):
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()  # the camera's data is there before
    response = settings_post(
        client_for(cast.users[Role.ADMIN]), logo=SimpleUploadedFile("vacances-zorglub.jpg", original)
    )
    assert response.status_code == 302
    logo = Organisation.objects.get(pk=cast.home.pk).logo
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.jpg", logo.name), logo.name
    with logo.open("rb") as handle:
        stored = handle.read()
    assert stored != original and b"Zorglub" not in stored and b"Logiciel secret" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (64, 48) and not image.getexif()


def test_story_photos_get_random_names(cast, client_for, ended):
    story_post(client_for(cast.users[Role.AGENT]), ended, SimpleUploadedFile("ma-photo.png", png()))
    photo = StoryPhoto.objects.get(story__agent=ended.agent)
    assert re.fullmatch(r"recits/[0-9a-f]{32}\.png", photo.image.name), photo.image.name


def test_a_replaced_logo_is_deleted(cast, client_for, django_capture_on_commit_callbacks):
    admin = client_for(cast.users[Role.ADMIN])
    settings_post(admin, logo=SimpleUploadedFile("a.png", png()))
    first = Organisation.objects.get(pk=cast.home.pk).logo
    with django_capture_on_commit_callbacks(execute=True):
        settings_post(admin, logo=SimpleUploadedFile("b.png", png(colour=(0, 0, 0))))
    assert not first.storage.exists(first.name)
    assert Organisation.objects.get(pk=cast.home.pk).logo.name != first.name


# ---- serving ----


def _photo(story: Story, data=b"pixels") -> StoryPhoto:
    return StoryPhoto.objects.create(story=story, image=ContentFile(data, name="p.png"), alt="Photo")


def test_a_photo_follows_its_storys_audience(cast, client_for, ended):
    story = Story.objects.create(
        agent=ended.agent,
        engagement=ended,
        title="Récit",
        text="x",
        audience=Audience.ORGANISATION,
        status=StoryStatus.PUBLISHED,
        consent_at=timezone.now(),
        published_at=timezone.now(),
    )
    photo = _photo(story, data=b"pixels of the home organisation")
    url = f"/recits/photos/{photo.pk}/"
    seen = client_for(cast.users[Role.MANAGER]).get(url)
    assert seen.status_code == 200 and b"".join(seen.streaming_content) == b"pixels of the home organisation"
    assert seen["Content-Type"] == "image/png" and seen["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in seen["Content-Security-Policy"] and seen["Cache-Control"] == "private, no-store"
    outsider = client_for(cast.outsider_agent.manager.user).get(url)
    assert outsider.status_code == 404 and b"pixels" not in outsider.content
    anonymous = Client().get(url)
    assert anonymous.status_code == 404 and b"pixels" not in anonymous.content
    story.audience = Audience.PUBLIC
    story.save(update_fields=["audience"])
    public = Client().get(url)
    assert public.status_code == 200 and b"".join(public.streaming_content).startswith(b"pixels")


def test_the_logo_is_served_to_the_organisations_people_only(cast, client_for):
    settings_post(client_for(cast.users[Role.ADMIN]), logo=SimpleUploadedFile("a.png", png()))
    url = f"/organisations/{cast.home.slug}/logo/"
    page = client_for(cast.users[Role.AGENT]).get("/").content.decode()
    assert f'src="{url}"' in page and "/media/" not in page
    member = client_for(cast.users[Role.AGENT]).get(url)
    assert member.status_code == 200 and b"".join(member.streaming_content).startswith(b"\x89PNG")
    assert client_for(cast.outsider_agent.manager.user).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and b"PNG" not in anonymous.content


def test_the_media_route_is_gone(cast, client_for):
    settings_post(client_for(cast.users[Role.ADMIN]), logo=SimpleUploadedFile("a.png", png()))
    name = Organisation.objects.get(pk=cast.home.pk).logo.name
    assert client_for(cast.users[Role.ADMIN]).get(f"/media/{name}").status_code == 404


@pytest.mark.parametrize(
    ("mode", "header"), [("x-accel-redirect", "X-Accel-Redirect"), ("x-sendfile", "X-Sendfile")]
)
def test_the_front_server_can_send_the_bytes(cast, client_for, settings, mode, header):
    settings.FILE_SERVING = mode
    photo = _photo(
        Story.objects.create(
            agent=cast.outsider_agent,
            title="R",
            text="x",
            audience=Audience.PUBLIC,
            status=StoryStatus.PUBLISHED,
            consent_at=timezone.now(),
            published_at=timezone.now(),
        )
    )
    response = Client().get(f"/recits/photos/{photo.pk}/")
    assert response.status_code == 200 and response.content == b""
    expected = f"/fichiers-internes/{photo.image.name}" if mode == "x-accel-redirect" else photo.image.path
    assert response[header] == expected and response["Content-Type"] == "image/png"


# ---- request size ----


class Untouchable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self):
        return True

    def read(self, *args):
        raise AssertionError("the body was read")

    readinto = readline = read


def test_a_100_mb_anonymous_post_is_refused_unread():
    response = Client().post(
        "/comptes/login/",
        data=b"x",
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
        **{"wsgi.input": Untouchable()},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Envoi trop volumineux" in page and "dépasse 30 Mo" in page


def test_a_request_under_the_limit_goes_through(settings):
    settings.MAX_REQUEST_BYTES = 1024
    assert Client().post("/comptes/login/", {"login": "x" * 2000}).status_code == 413
    assert Client().post("/comptes/login/", {"login": "x"}).status_code == 200


def test_a_wrong_file_serving_mode_stops_start_up():
    from tests.test_settings_from_environment import assert_one_sentence, run_cli

    assert_one_sentence(run_cli("check", PASSERELLES_ENV="development", FILE_SERVING="nginx"), "FILE_SERVING")


def test_documents_get_random_names(cast):
    document = cast.outsider_document
    for field, extension in ((document.docx, "docx"), (document.odt, "odt"), (document.pdf, "pdf")):
        assert re.fullmatch(rf"documents/[0-9a-f]{{32}}\.{extension}", field.name), field.name


@pytest.mark.parametrize(
    ("mode", "save_as", "kept_as", "extension"),
    [("RGBA", "PNG", "PNG", ".png"), ("P", "GIF", "PNG", ".png"), ("RGB", "WEBP", "WEBP", ".webp")],
)
def test_formats_and_transparency_are_kept(mode, save_as, kept_as, extension):
    buffer = io.BytesIO()
    Image.new(mode, (3000, 20)).save(buffer, save_as)
    data, got = reencode(buffer.getvalue())
    image = Image.open(io.BytesIO(data))
    assert (image.format, got) == (kept_as, extension)
    assert image.size == (2560, 17)  # scaled down to the largest side kept
    assert ("A" in image.mode) == (mode == "RGBA")


def test_a_broken_image_is_refused_in_french():
    # (A merely truncated one may be accepted, padded: WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES globally.)
    with pytest.raises(ImageRefused, match="pas une image lisible"):
        reencode(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + b"n'importe quoi" * 10)


def test_an_import_limit_over_the_request_limit_stops_start_up():
    from tests.test_settings_from_environment import assert_one_sentence, run_cli

    result = run_cli("check", PASSERELLES_ENV="development", MAX_REQUEST_MB="10", IMPORT_MAX_MB="25")
    assert_one_sentence(result, "IMPORT_MAX_MB", "MAX_REQUEST_MB")

"""MEDIA_S3_BUCKET: uploaded files on an S3-compatible store — here a real one on loopback (moto's server) —
written by the real upload path, private, and read back only through the view that checks the right."""

import socket
import urllib.error
import urllib.request

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from moto.server import ThreadedMotoServer

from passerelles.access.models import Role
from passerelles.env import ConfigurationError
from passerelles.foundation.s3_settings import s3_storage
from passerelles.organisations.models import Organisation
from tests.test_files import png, settings_post

BUCKET = "passerelles-medias"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_media(s3_server, settings, monkeypatch):
    """The settings MEDIA_S3_BUCKET gives, pointed at the loopback store, with a fresh bucket."""
    monkeypatch.setenv("MEDIA_S3_ENDPOINT_URL", s3_server)
    monkeypatch.setenv("MEDIA_S3_REGION", "eu-west-3")
    monkeypatch.setenv("MEDIA_S3_ACCESS_KEY_ID", "cle-de-test")
    monkeypatch.setenv("MEDIA_S3_SECRET_ACCESS_KEY", "secret-de-test")
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="eu-west-3",
        aws_access_key_id="cle-de-test",
        aws_secret_access_key="secret-de-test",
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(bucket=BUCKET, file_serving="django")}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_a_logo_uploaded_goes_to_the_store_privately_and_comes_back_through_the_view(
    cast, client_for, s3_media, s3_server
):
    original = png()
    response = settings_post(client_for(cast.users[Role.ADMIN]), logo=SimpleUploadedFile("a.png", original))
    assert response.status_code == 302
    name = Organisation.objects.get(pk=cast.home.pk).logo.name

    # In the bucket, under its random name, readable by the account only
    stored = s3_media.get_object(Bucket=BUCKET, Key=name)["Body"].read()
    assert stored.startswith(b"\x89PNG")
    grants = s3_media.get_object_acl(Bucket=BUCKET, Key=name)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner alone: no public read
    assert not any("AllUsers" in str(g["Grantee"]) for g in grants)

    url = f"/organisations/{cast.home.slug}/logo/"
    member = client_for(cast.users[Role.AGENT]).get(url)
    assert member.status_code == 200
    assert b"".join(member.streaming_content) == stored
    assert client_for(cast.outsider_agent.manager.user).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page

    # The storage never hands out a signed address, and the plain one is refused by the store.
    address = default_storage.url(name)
    assert "Signature" not in address and "X-Amz" not in address
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(address, timeout=10)  # noqa: S310 (loopback)
    refused.value.close()
    assert refused.value.code == 403


def test_a_file_missing_from_the_store_is_a_404_not_an_error(cast, client_for, s3_media):
    settings_post(client_for(cast.users[Role.ADMIN]), logo=SimpleUploadedFile("a.png", png()))
    name = Organisation.objects.get(pk=cast.home.pk).logo.name
    s3_media.delete_object(Bucket=BUCKET, Key=name)
    assert client_for(cast.users[Role.AGENT]).get(f"/organisations/{cast.home.slug}/logo/").status_code == 404


@pytest.mark.django_db
def test_sante_checks_the_store(s3_media, s3_server, client):
    body = client.get("/sante/").json()
    assert body["services"]["storage"] == {
        **body["services"]["storage"],
        "etat": "ok",
        "raison": "stockage joignable",
    }


def test_the_front_server_cannot_send_files_it_does_not_have():
    with pytest.raises(ConfigurationError, match="MEDIA_S3_BUCKET demande FILE_SERVING=django"):
        s3_storage(bucket=BUCKET, file_serving="x-accel-redirect")


def test_a_key_without_its_secret_is_refused(monkeypatch):
    monkeypatch.setenv("MEDIA_S3_ACCESS_KEY_ID", "cle")
    monkeypatch.delenv("MEDIA_S3_SECRET_ACCESS_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="vont ensemble"):
        s3_storage(bucket=BUCKET, file_serving="django")

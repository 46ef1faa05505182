"""The ``default`` storage on an S3-compatible object store (MEDIA_S3_BUCKET), built from the environment.

Uploaded files stay private there as on disk: every object is written with the ``private`` ACL, and no URL is
ever signed for a browser (``querystring_auth`` off: ``.url()`` gives an address the store refuses). Files
reach people only through our views, which check the right and then stream the object
(foundation/files.py, ``serve_file``). Several web processes on several machines then share the same files.
"""

from passerelles.env import ConfigurationError, env_int, env_str

# Seconds to reach the store and for each answer: a stalled store fails one request, never freezes a worker.
CONNECT_TIMEOUT = 5


def s3_storage(*, bucket: str, file_serving: str) -> dict:
    """STORAGES["default"] for this bucket; the access key and secret from MEDIA_S3_ACCESS_KEY_ID and
    MEDIA_S3_SECRET_ACCESS_KEY, or else boto3's own AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and roles)."""
    from botocore.config import Config

    if file_serving != "django":
        raise ConfigurationError(
            "MEDIA_S3_BUCKET demande FILE_SERVING=django : les fichiers ne sont pas sur le disque du serveur "
            "frontal, Passerelles les lit dans le stockage S3 et les envoie lui-même après avoir vérifié le droit."
        )
    access_key = env_str("MEDIA_S3_ACCESS_KEY_ID", "") or None
    secret_key = env_str("MEDIA_S3_SECRET_ACCESS_KEY", "") or None
    if bool(access_key) != bool(secret_key):
        raise ConfigurationError(
            "MEDIA_S3_ACCESS_KEY_ID et MEDIA_S3_SECRET_ACCESS_KEY vont ensemble : renseignez les deux (ou aucun, "
            "pour AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY)."
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("MEDIA_S3_REGION", "") or None,
            "access_key": access_key,
            "secret_key": secret_key,
            "location": env_str("MEDIA_S3_PREFIX", "").strip("/"),
            "default_acl": "private",
            "querystring_auth": False,
            "file_overwrite": False,
            "client_config": Config(
                # "path" (https://store/bucket/key) suits most S3-compatible stores; "virtual" for AWS itself.
                s3={"addressing_style": env_str("MEDIA_S3_ADDRESSING_STYLE", "path")},
                signature_version="s3v4",
                connect_timeout=CONNECT_TIMEOUT,
                read_timeout=env_int("MEDIA_S3_TIMEOUT", 30),
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }

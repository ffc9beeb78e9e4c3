"""Uploaded files on S3-compatible storage (DISCLOSURE_MEDIA_S3_*, django-storages),
against a local S3 server (moto's, over HTTP on the loopback): originals, renditions
and documents are written to the bucket, not to MEDIA_ROOT; a rendition's address is
the bucket's; a document is still served only through /documents/, which refuses a
private collection, and never by handing out the bucket's address."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from disclosure_site.settings.base import media_s3_from_env
from tests.utils import make_user

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")
pytest.importorskip("storages")

pytestmark = pytest.mark.django_db
BUCKET = "disclosure-media"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def s3_endpoint():
    # Any free port on the loopback: two runs of the suite never collide.
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_media(s3_endpoint, monkeypatch):
    """The settings an office's env file gives, read by the settings' own code."""
    for name, value in {
        "DISCLOSURE_MEDIA_S3_BUCKET": BUCKET,
        "DISCLOSURE_MEDIA_S3_ENDPOINT_URL": s3_endpoint,
        "DISCLOSURE_MEDIA_S3_REGION": "us-east-1",
        "DISCLOSURE_MEDIA_S3_ACCESS_KEY_ID": "testing",
        "DISCLOSURE_MEDIA_S3_SECRET_ACCESS_KEY": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 (moto's dummy key)
    )
    if BUCKET not in [b["Name"] for b in client.list_buckets()["Buckets"]]:
        client.create_bucket(Bucket=BUCKET)
        # The bucket policy the README gives an office: renditions and profile
        # pictures readable by anyone, nothing else.
        policy = (REPO / "deploy" / "s3-media-policy.json").read_text()
        client.put_bucket_policy(Bucket=BUCKET, Policy=policy.replace("BUCKET", BUCKET))
    storages = {**settings.STORAGES, "default": media_s3_from_env()}
    with override_settings(STORAGES=storages):
        yield client


def keys(client) -> set[str]:
    listing = client.list_objects_v2(Bucket=BUCKET)
    return {item["Key"] for item in listing.get("Contents", [])}


def public_get(url: str) -> int:
    """The status of a GET without any key, as a visitor's browser sends it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def on_disk() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_without_the_bucket_variable_files_stay_on_disk(monkeypatch):
    monkeypatch.delenv("DISCLOSURE_MEDIA_S3_BUCKET", raising=False)
    assert media_s3_from_env() is None


def test_an_image_and_its_renditions_are_written_to_the_bucket(s3_media):
    before = set(on_disk())
    image = get_image_model()(title="ภาพกิจกรรม", file=get_test_image_file())
    image.save()
    rendition = image.get_rendition("fill-120x80")

    stored = keys(s3_media)
    assert image.file.name in stored
    assert image.file.name.startswith("original_images/")
    assert rendition.file.name in stored
    assert rendition.file.name.startswith("images/")
    assert set(on_disk()) == before  # nothing written to MEDIA_ROOT
    # The page shows the bucket's own address for the rendition, and it answers.
    endpoint = os.environ["DISCLOSURE_MEDIA_S3_ENDPOINT_URL"]
    assert rendition.url == f"{endpoint}/{BUCKET}/{rendition.file.name}"
    with urllib.request.urlopen(rendition.url, timeout=10) as answer:  # noqa: S310
        assert answer.status == 200
        assert answer.read(4) == b"\x89PNG"
    # The original (with whatever the camera wrote) is not public.
    assert public_get(f"{endpoint}/{BUCKET}/{image.file.name}") == 403


def test_private_documents_are_served_only_through_the_documents_view(s3_media):
    root = Collection.get_first_root_node()
    private = root.add_child(name="เอกสารภายใน")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    content = b"%PDF-1.4 internal memo\n%%EOF\n"
    document = get_document_model()(
        title="บันทึกภายใน",
        collection=private,
        file=ContentFile(content, name="memo.pdf"),
    )
    document.save()
    public = get_document_model()(
        title="ประกาศ", file=ContentFile(b"%PDF-1.4 notice\n", name="notice.pdf")
    )
    public.save()
    assert {document.file.name, public.file.name} <= keys(s3_media)
    assert document.file.name.startswith("documents/")

    endpoint = os.environ["DISCLOSURE_MEDIA_S3_ENDPOINT_URL"]
    # Nobody reads a document from the bucket, even knowing its key.
    for name in (document.file.name, public.file.name):
        assert public_get(f"{endpoint}/{BUCKET}/{name}") == 403
    assert document.url.startswith("/documents/")
    anonymous = Client().get(document.url)
    assert anonymous.status_code in (302, 403)
    assert endpoint not in anonymous.get("Location", "")
    assert "/login/" in anonymous.get("Location", "/login/")

    reader = Client()
    reader.force_login(make_user("s3_reader"))
    answer = reader.get(document.url)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == content
    assert "Location" not in answer

    # A public document too is streamed by the site, not a redirect to the bucket.
    answer = Client().get(public.url)
    assert answer.status_code == 200 and "Location" not in answer
    assert b"".join(answer.streaming_content).startswith(b"%PDF")

"""Uploaded files on S3-compatible object storage (``STORAGE=s3``), against a real S3 API
server on loopback: moto's server (``ThreadedMotoServer``), spoken to over HTTP by
django-storages and boto3 exactly as a production MinIO, Ceph or AWS bucket would be.

Checked: the settings made from the environment reach the bucket (save, read, signed URL,
delete, private objects), and, with those storage settings, the paths users take: progress
evidence with its thumbnail, served back through the app, and an import job whose uploaded
file and result workbook live in the bucket (the upload removed when the job ends); and
``thidua backup``, which leaves the bucket out and says so.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.campaigns_unit.conftest import approved, campaign, png_bytes, upload  # noqa: F401
from tests.conftest import Cast
from tests.jobs.helpers import job_page, run_queued_tasks
from thidua.campaigns.models import Evidence, ProgressUpdate, Registration
from thidua.jobs.models import Job, JobState

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

BUCKET = "thidua-media"
KEYS = {"AWS_ACCESS_KEY_ID": "thidua-test", "AWS_SECRET_ACCESS_KEY": "thidua-test-secret"}


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(endpoint: str) -> Iterator[Any]:
    """An empty bucket for the test, and the boto3 client to look inside it."""
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client: Any) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def s3_env(endpoint: str) -> dict[str, str]:
    return {
        "STORAGE": "s3",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": KEYS["AWS_ACCESS_KEY_ID"],
        "S3_SECRET_ACCESS_KEY": KEYS["AWS_SECRET_ACCESS_KEY"],
        "S3_PREFIX": "media",
    }


ROUND_TRIP = """
import json, django, requests
django.setup()
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage as s
name = s.save("campaigns/evidence/2020/ảnh hiện trường.jpg", ContentFile(b"JPEG bytes"))
url = s.url(name)
signed = requests.get(url, timeout=10)
unsigned = requests.get(url.split("?", 1)[0], timeout=10)
with s.open(name, "rb") as handle:
    back = handle.read()
again = s.save("campaigns/evidence/2020/ảnh hiện trường.jpg", ContentFile(b"other"))
print(json.dumps({"name": name, "again": again, "back": back.decode(), "exists": s.exists(name),
                  "signed": signed.status_code, "unsigned": unsigned.status_code,
                  "settings": settings.STORAGES["default"]["OPTIONS"]["location"]}))
s.delete(name)
s.delete(again)
"""


def test_the_settings_from_the_environment_reach_the_bucket(
    endpoint: str, bucket: Any, tmp_path: Path
) -> None:
    """A fresh interpreter with only the documented variables (docs/production.md)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "S3_"))}
    env.update(s3_env(endpoint), THIDUA_VAR_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "thidua.settings"
    result = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["back"] == "JPEG bytes" and seen["exists"]
    assert seen["name"].startswith("campaigns/evidence/2020/")
    assert seen["again"] != seen["name"]  # never overwritten (file_overwrite=False)
    assert seen["signed"] == 200  # the signed link works…
    assert seen["unsigned"] == 403  # …and the object itself is private
    assert keys(bucket) == []  # deleted through the storage


@pytest.fixture
def on_s3(endpoint: str, bucket: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """This process's default storage on the bucket, with the options settings.py builds."""
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    env = s3_env(endpoint)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env["S3_BUCKET"],
                "endpoint_url": env["S3_ENDPOINT_URL"],
                "region_name": env["S3_REGION"],
                "access_key": env["S3_ACCESS_KEY_ID"],
                "secret_key": env["S3_SECRET_ACCESS_KEY"],
                "location": env["S3_PREFIX"],
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    return bucket


@pytest.mark.django_db
def test_progress_evidence_and_its_thumbnail_live_in_the_bucket(
    cast: Cast,
    approved: Registration,  # noqa: F811
    on_s3: Any,
    settings: Any,
) -> None:
    target = approved.targets.get()
    key = f"t{target.pk}"
    client = cast.client_for(cast.commune_officer)
    response = client.post(
        reverse("campaign_unit:report", args=[approved.pk]),
        {
            "item": key,
            f"{key}-value": "7",
            f"{key}-photos": [upload("ảnh công trình.png", png_bytes(), "image/png")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    evidence = Evidence.objects.get(update__target=target)
    stored = keys(on_s3)
    assert f"media/{evidence.file.name}" in stored
    assert f"media/{evidence.thumbnail.name}" in stored
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.png"))  # nothing on the local disk
    original = client.get(reverse("campaign_unit:evidence", args=[evidence.pk]))
    assert b"".join(original.streaming_content) == png_bytes()  # type: ignore[attr-defined]
    thumb = client.get(reverse("campaign_unit:evidence_thumb", args=[evidence.pk]))
    assert b"".join(thumb.streaming_content).startswith(b"\xff\xd8\xff")  # type: ignore[attr-defined]
    # Another province's officer gets nothing from the bucket through the app.
    outsider = cast.client_for(cast.outsider)
    assert outsider.get(reverse("campaign_unit:evidence", args=[evidence.pk])).status_code == 404
    assert ProgressUpdate.objects.get(target=target).value == 7


@pytest.mark.django_db
def test_an_import_job_reads_its_upload_from_the_bucket_and_writes_its_result_there(
    cast: Cast, on_s3: Any
) -> None:
    from openpyxl import load_workbook

    from thidua.org.importers import unit_template

    client = cast.client_for(cast.office)
    template = upload("don-vi.xlsx", unit_template(), "application/octet-stream")
    response = client.post("/imports/units/", {"file": template})
    job = Job.objects.get()
    assert f"media/{job.input_file.name}" in keys(on_s3)  # queued with its file in the bucket
    run_queued_tasks()
    page = job_page(client, response)
    assert page.status_code == 200
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    stored = keys(on_s3)
    assert stored == [f"media/{job.result_file.name}"]  # the upload is gone, the receipt kept
    receipt = client.get(f"/jobs/{job.pk}/download/")
    assert receipt.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(receipt.streaming_content))).active  # type: ignore[attr-defined]
    assert sheet is not None and sheet.max_row > 2


@pytest.mark.django_db(transaction=True)  # a backup refuses to run inside a transaction
def test_backup_leaves_the_bucket_out_and_says_so(
    on_s3: Any, settings: Any, tmp_path: Path
) -> None:
    """The archive holds the database only, its manifest says the files are on S3, and the
    command tells the clerk to back the bucket up with the storage's own tools."""
    import tarfile
    from io import StringIO

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    settings.THIDUA_STORAGE = "s3"
    default_storage.save("campaigns/plans/ke-hoach.pdf", ContentFile(b"%PDF-1.4 ke hoach"))
    assert keys(on_s3) == ["media/campaigns/plans/ke-hoach.pdf"]
    out = StringIO()
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", "--output", str(archive), stdout=out)
    said = out.getvalue()
    assert "STORAGE=s3" in said and "không" in said, said
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest_file = tar.extractfile("manifest.json")
        assert manifest_file is not None
        manifest = json.load(manifest_file)
    assert not any(name.startswith("media/") for name in names), names
    assert manifest["media"]["storage"] == "s3" and manifest["media"]["files"] == []
    assert keys(on_s3) == ["media/campaigns/plans/ke-hoach.pdf"]  # the bucket is untouched

"""The evidence pack: one ZIP with an index and exactly the public evidence
documents in a folder per indicator; built once at a time, with its state to poll,
and downloaded by ICT publishers and administrators only."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from openpyxl import load_workbook

from ita import pack
from moderation.pdf import chromium
from tests.conftest import shared_data
from tests.ita.office_data import build_ita_office
from tests.moderation.office import login

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield build_ita_office()


@pytest.fixture
def data(module_data, db, settings, tmp_path):
    settings.DISCLOSURE_ITA_PACK_DIR = str(tmp_path / "packs")
    # No browser: the PDF is skipped (a test below prints it when there is one).
    settings.DISCLOSURE_CHROMIUM = str(tmp_path / "no-chromium")
    return module_data


def urls(year) -> dict[str, str]:
    base = f"/admin/ita-evidence/pack/{year.fiscal_year}/"
    return {"pack": base, "status": base + "status/", "download": base + "download/"}


def build(client, year):
    return client.post(urls(year)["pack"], {"confirm": "yes"})


def names_in(content: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return set(archive.namelist())


def test_the_zip_holds_exactly_the_public_evidence(data):
    client = login(data.office.ict)
    page = client.get(urls(data.year)["pack"])
    assert page.status_code == 200
    assert "สร้างชุดหลักฐาน" in page.content.decode()

    assert build(client, data.year).status_code == 302
    status = client.get(urls(data.year)["status"]).json()
    assert status["state"] == "done"
    response = client.get(urls(data.year)["download"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    content = b"".join(response.streaming_content)

    folder = "O20 ตัวชี้วัดทดสอบ O20"
    documents = data.documents
    expected_files = {
        f"{folder}/{os.path.basename(documents[name].file.name)}"
        for name in ("public", "attached")
    }
    names = names_in(content)
    assert names == {"index.xlsx", "README.txt", *expected_files}
    for name in ("secret", "attached_secret", "draft", "private_page"):
        assert not any(
            os.path.basename(documents[name].file.name) in n for n in names
        ), name

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        readme = archive.read("README.txt").decode("utf-8-sig")
        sheet = load_workbook(io.BytesIO(archive.read("index.xlsx"))).active
        public = archive.read(
            f"{folder}/{os.path.basename(documents['public'].file.name)}"
        )
    assert public == b"%PDF-1.4 public-evidence.pdf"
    assert "ไม่ได้สร้าง index.pdf" in readme
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["รหัส", "ตัวชี้วัด"]
    assert {row[0] for row in rows[1:]} == {"O3", "O5", "O11", "O12", "O20"}
    o20_links = [row[5] for row in rows if row[0] == "O20"]
    assert o20_links == ["เอกสาร public-evidence.pdf", "รายการที่เผยแพร่แล้ว"]
    # The page says the PDF was skipped and offers the pack.
    html = client.get(urls(data.year)["pack"]).content.decode()
    assert "ไม่ได้สร้างดัชนี PDF" in html
    assert urls(data.year)["download"] in html


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed")
def test_with_chromium_the_zip_holds_the_a4_pdf_index(data, settings):
    settings.DISCLOSURE_CHROMIUM = None
    started, status = pack.start_build(data.year)
    assert started
    assert status["state"] == "done", status
    with zipfile.ZipFile(pack.zip_path(data.year.fiscal_year)) as archive:
        pdf = archive.read("index.pdf")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    "person", ["director_a", "editor_a", "committee", "office_director", "pr"]
)
def test_only_ict_and_administrators_build_or_download(data, person):
    client = login(data.office.administrator)
    assert build(client, data.year).status_code == 302
    assert client.get(urls(data.year)["download"]).status_code == 200

    other = login(getattr(data.office, person))
    assert other.get(urls(data.year)["download"]).status_code == 403
    assert other.get(urls(data.year)["pack"]).status_code == 403
    assert other.get(urls(data.year)["status"]).status_code == 403
    assert build(other, data.year).status_code == 403


def test_a_second_click_while_building_starts_no_second_build(data):
    fiscal_year = data.year.fiscal_year
    # A build is running (its lock taken, its state written).
    assert pack._claim(fiscal_year)
    pack._write_status(fiscal_year, state=pack.BUILDING, done=1, total=5)
    client = login(data.office.ict)
    response = build(client, data.year)
    assert response.status_code == 302
    html = client.get(urls(data.year)["pack"]).content.decode()
    assert "จึงไม่ได้เริ่มสร้างซ้ำ" in html
    assert "กำลังสร้าง: ขั้นที่ 1 จาก 5" in html
    assert "สร้างชุดหลักฐานใหม่" not in html  # no build button while one runs
    assert not pack.zip_path(fiscal_year).exists()
    assert client.get(urls(data.year)["status"]).json()["state"] == "building"
    assert client.get(urls(data.year)["download"]).status_code == 404

    # When the build is over, a new one can start.
    pack._release(fiscal_year)
    assert build(client, data.year).status_code == 302
    assert client.get(urls(data.year)["status"]).json()["state"] == "done"


def test_building_needs_a_confirmation(data):
    client = login(data.office.ict)
    client.post(urls(data.year)["pack"], {})
    assert not pack.zip_path(data.year.fiscal_year).exists()
    assert pack.read_status(data.year.fiscal_year)["state"] == ""


def test_a_large_pack_goes_to_the_task_queue(data, monkeypatch):
    """With a task queue, a pack past the inline limits is built by the task (run
    here at once by the test settings' immediate backend)."""
    monkeypatch.setattr(pack, "INLINE_MAX_FILES", 0)
    monkeypatch.setattr(pack, "has_task_queue", lambda: True)
    enqueued = []
    task = pack.build_pack_task

    class Recording:
        def enqueue(self, *args):
            enqueued.append(args)
            return task.enqueue(*args)

    monkeypatch.setattr(pack, "build_pack_task", Recording())
    started, status = pack.start_build(data.year)
    assert started
    assert enqueued == [(data.year.fiscal_year,)]
    assert pack.read_status(data.year.fiscal_year)["state"] == "done"

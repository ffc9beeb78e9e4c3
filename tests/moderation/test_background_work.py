"""Background work on the database queue (DISCLOSURE_TASKS=database, production):
publishing only queues the search indexing (and with it the text of attached PDFs)
and the emails; the worker does them; a failure is recorded, retried and listed."""

import datetime as dt
import io
import signal

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from wagtail.documents import get_document_model

from disclosure_pages.search import DocumentText
from moderation.tasks import send_published_email
from tests.moderation.office import build_office, login, submit
from tests.search.pdfs import thai_pdf

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
PDF_WORDS = "ครุภัณฑ์คอมพิวเตอร์สำนักงานเขตพื้นที่"


class RefusingBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture
def database_queue(settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    # The worker checks its database connection between tasks as a long-running
    # process does; inside a test's transaction that would close it.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker() -> None:
    """`manage.py db_worker --batch`: every task that is due, then stop (and give
    the test process its own signal handlers back)."""
    handlers = {sig: signal.getsignal(sig) for sig in SIGNALS}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def queued(path_end: str) -> list[DBTaskResult]:
    return [
        row
        for row in DBTaskResult.objects.filter(status="READY")
        if row.task_path.endswith(path_end)
    ]


def approve_through_the_chain(office, item):
    state = submit(item, office.editor_a)
    for person in (office.director_a, office.office_director):
        response = login(person).post(
            f"/admin/pages/workflow/action/{item.pk}/approve/{state.pk}/",
            {"comment": ""},
        )
        assert response.status_code == 302
        item.refresh_from_db()
        state = item.current_workflow_task_state
    return state


def test_publishing_queues_the_pdf_text_and_the_email_and_the_worker_does_them(
    database_queue, client
):
    office = build_office()
    document = get_document_model()(
        title="รายงานครุภัณฑ์",
        file=ContentFile(thai_pdf(f"รายงาน{PDF_WORDS} ปี 2569"), name="r.pdf"),
    )
    document.save()
    item = office.item(
        title="รายงานผลการตรวจสอบพัสดุ",
        body=[
            {
                "type": "document",
                "value": {"document": document.pk, "title": "", "accessible": True},
            }
        ],
    )
    state = approve_through_the_chain(office, item)
    mail.outbox.clear()

    # The ICT publisher's approval publishes: the response returns at once.
    response = login(office.ict).post(
        f"/admin/pages/workflow/action/{item.pk}/approve/{state.pk}/",
        {"comment": ""},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.live
    assert queued("insert_or_update_object_task")
    assert queued("send_published_email")
    # Nothing of it was done in the request: the PDF not read, no email sent.
    assert not DocumentText.objects.filter(document=document).exists()
    assert mail.outbox == []
    assert item.title not in client.get("/search/", {"q": PDF_WORDS}).content.decode()

    run_worker()

    assert not DBTaskResult.objects.filter(status__in=["READY", "FAILED"]).exists()
    assert PDF_WORDS in DocumentText.objects.get(document=document).text
    found = client.get("/search/", {"q": PDF_WORDS}).content.decode()
    assert item.title in found
    published = [m for m in mail.outbox if m.to == ["editor_a@example.org"]]
    assert published and item.title in published[-1].body


def test_a_failed_email_is_recorded_retried_and_listed_never_lost(
    database_queue, settings
):
    office = build_office()
    item = office.item(title="ประกาศผลการจัดซื้อจัดจ้าง")
    state = approve_through_the_chain(office, item)
    DBTaskResult.objects.all().delete()  # the steps' work, not this test's
    settings.EMAIL_BACKEND = "tests.moderation.test_background_work.RefusingBackend"
    response = login(office.ict).post(
        f"/admin/pages/workflow/action/{item.pk}/approve/{state.pk}/",
        {"comment": ""},
    )
    assert response.status_code == 302
    mail.outbox.clear()

    # Attempts 1, 2, 3: each recorded as failed with its reason; the next queued a
    # little later (here made due at once).
    for attempt in (1, 2, 3):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()
        failed = DBTaskResult.objects.filter(
            status="FAILED", task_path__endswith="send_published_email"
        )
        assert failed.count() == attempt
        assert {row.exception_class_path for row in failed} == {
            "moderation.tasks.EmailNotSent"
        }
        retry = queued("send_published_email")
        if attempt < 3:
            assert [row.args_kwargs["kwargs"]["attempt"] for row in retry] == [
                attempt + 1
            ]
            assert retry[0].run_after > timezone.now() + dt.timedelta(seconds=30)
        else:
            assert retry == []  # given up: now it must be seen

    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("background_tasks", stdout=out)
    assert exited.value.code == 1
    listing = out.getvalue()
    assert "moderation.tasks.send_published_email" in listing
    assert "EmailNotSent" in listing
    assert mail.outbox == []

    # The mail server is back: queued again once, and sent.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    call_command("background_tasks", "--retry-failed", stdout=out)
    assert "Queued 1 task(s) again." in out.getvalue()
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    run_worker()
    assert [m.to for m in mail.outbox] == [["editor_a@example.org"]]
    call_command("background_tasks", stdout=io.StringIO())  # nothing failed: exit 0


def test_with_the_immediate_backend_the_email_goes_within_the_request(settings):
    """Development and one process: no worker, nothing waits in a queue."""
    office = build_office()
    item = office.item(title="ประกาศรับสมัครงาน")
    state = approve_through_the_chain(office, item)
    mail.outbox.clear()
    login(office.ict).post(
        f"/admin/pages/workflow/action/{item.pk}/approve/{state.pk}/",
        {"comment": ""},
    )
    assert [m.to for m in mail.outbox] == [["editor_a@example.org"]]
    assert not DBTaskResult.objects.exists()
    with pytest.raises(Exception, match="no queue"):
        call_command("background_tasks", stdout=io.StringIO())


def test_a_task_of_a_deleted_request_does_nothing(database_queue):
    send_published_email.enqueue(10**9, None)
    run_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert mail.outbox == []

"""What a visitor does on an item: answers "Was this information useful?", views it,
downloads its documents — without cookies, and with bad input answered by a 4xx."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry, PageViewRestriction

from reporting.models import DocumentDownloadCount, Feedback, PageViewCount
from reporting.views import TOKEN_SALT, feedback_token
from tests.conftest import shared_data
from tests.utils import category, make_gallery, make_item, make_user, run_setup

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        document = get_document_model().objects.create(
            title="ประกาศผู้ชนะการเสนอราคา",
            file=ContentFile(b"%PDF-1.4\n" + b"0" * 512, name="winner.pdf"),
        )
        procurement = category("1.9")
        item = make_item(
            procurement,
            body=[
                ("document", {"document": document, "title": "", "accessible": True})
            ],
        )
        draft = make_item(procurement, publish=False)
        private = make_item(procurement)
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        yield {
            "item": item,
            "draft": draft,
            "private": private,
            "document": document,
            "category": procurement,
        }


@pytest.fixture
def data(module_data, db):
    return module_data


def client_get(client, url, **extra):
    return client.get(url, HTTP_USER_AGENT=BROWSER, **extra)


def form_fields(html: str) -> dict:
    """The hidden fields of the evaluation form as a visitor's browser would send."""
    form = html[html.index('class="evaluation-form"') :]
    return dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))


def post_feedback(client, fields: dict, **extra):
    extra.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.post("/evaluation/feedback/", fields, **extra)


def test_item_page_offers_the_form_and_sets_no_cookie(client, data):
    response = client_get(client, data["item"].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "ข้อมูลนี้เป็นประโยชน์หรือไม่" in html
    assert 'action="/evaluation/feedback/"' in html
    assert set(form_fields(html)) == {"page_id", "token"}
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    # Categories are not evaluated.
    assert (
        "ข้อมูลนี้เป็นประโยชน์หรือไม่"
        not in client_get(client, data["category"].url).content.decode()
    )


def test_an_answer_is_stored_and_the_visitor_is_thanked(client, data):
    fields = form_fields(client_get(client, data["item"].url).content.decode())
    response = post_feedback(
        client, {**fields, "useful": "yes", "score": "4", "comment": "  ชัดเจนดี  "}
    )
    assert response.status_code == 302
    assert not response.cookies
    feedback = Feedback.objects.get()
    assert (feedback.page_id, feedback.useful, feedback.score, feedback.comment) == (
        data["item"].pk,
        True,
        4,
        "ชัดเจนดี",
    )
    thanks = client_get(client, response["Location"])
    assert "ขอบคุณ" in thanks.content.decode()


def test_score_and_comment_are_optional(client, data):
    fields = form_fields(client_get(client, data["item"].url).content.decode())
    assert post_feedback(client, {**fields, "useful": "no"}).status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.useful, feedback.score, feedback.comment) == (False, None, "")


@pytest.mark.parametrize(
    "change",
    [
        {"useful": ""},
        {"useful": "maybe"},
        {"score": "6"},
        {"score": "0"},
        {"comment": "ก" * 1001},
        {"token": "forged"},
    ],
)
def test_invalid_answers_are_refused_with_a_thai_message(client, data, change):
    fields = form_fields(client_get(client, data["item"].url).content.decode())
    response = post_feedback(client, {**fields, "useful": "yes", **change})
    assert response.status_code == 400
    assert "ไม่ได้บันทึก" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_form_takes_one_answer_and_a_replay_stores_nothing(client, data):
    fields = form_fields(client_get(client, data["item"].url).content.decode())
    first = post_feedback(client, {**fields, "useful": "yes", "comment": "ครั้งแรก"})
    assert first.status_code == 302
    replay = post_feedback(client, {**fields, "useful": "no", "comment": "ซ้ำ"})
    assert replay.status_code == 409
    html = replay.content.decode()
    assert "ไม่ได้บันทึก" in html
    assert "แบบฟอร์มนี้ส่งคำตอบแล้ว" in html
    assert list(Feedback.objects.values_list("useful", "comment")) == [(True, "ครั้งแรก")]
    # The page opened again (by anyone: the form depends on no session or cookie)
    # carries a new form that takes an answer.
    again = form_fields(
        Client().get(data["item"].url, HTTP_USER_AGENT=BROWSER).content.decode()
    )
    assert again["token"] != fields["token"]
    assert post_feedback(client, {**again, "useful": "no"}).status_code == 302
    assert Feedback.objects.count() == 2


def test_a_form_of_the_old_kind_without_a_nonce_is_refused(client, data):
    old_token = signing.dumps(data["item"].pk, salt=TOKEN_SALT, compress=False)
    fields = {"page_id": data["item"].pk, "token": old_token, "useful": "yes"}
    response = post_feedback(client, fields)
    assert response.status_code == 400
    assert "แบบฟอร์มหมดอายุ" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_token_for_another_page_is_refused(client, data):
    fields = form_fields(client_get(client, data["item"].url).content.decode())
    other = data["private"].pk
    PageViewRestriction.objects.filter(page=data["private"]).delete()
    response = post_feedback(client, {**fields, "page_id": other, "useful": "yes"})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("which", ["forged", "draft", "private", "category", "text"])
def test_unknown_unpublished_or_private_pages_take_no_feedback(client, data, which):
    page_id = {
        "forged": 987654321,
        "draft": data["draft"].pk,
        "private": data["private"].pk,
        "category": data["category"].pk,
        "text": "1 OR 1=1",
    }[which]
    fields = form_fields(client_get(client, data["item"].url).content.decode())
    response = post_feedback(client, {**fields, "page_id": page_id, "useful": "yes"})
    assert response.status_code == 404
    assert "ไม่ได้บันทึก" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_100_kb_body_is_refused_before_it_is_read(client, data):
    fields = form_fields(client_get(client, data["item"].url).content.decode())
    response = post_feedback(
        client, {**fields, "useful": "yes", "comment": "x" * 100_000}
    )
    assert response.status_code == 413
    assert not Feedback.objects.exists()


def test_a_post_from_another_site_is_refused(client, data):
    fields = form_fields(client_get(client, data["item"].url).content.decode())
    response = post_feedback(
        client, {**fields, "useful": "yes"}, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_html_in_a_comment_is_stored_as_text_and_shown_escaped_in_the_admin(
    client, data
):
    script = '<script>alert("x")</script><b>ตัวหนา</b>'
    fields = form_fields(client_get(client, data["item"].url).content.decode())
    assert (
        post_feedback(
            client, {**fields, "useful": "yes", "comment": script}
        ).status_code
        == 302
    )
    assert Feedback.objects.get().comment == script
    client.force_login(make_user("evaluator", is_superuser=True))
    html = client.get(
        f"/admin/disclosure-reports/evaluation/page/{data['item'].pk}/"
    ).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert script not in html


@override_settings(DISCLOSURE_FEEDBACK_RATE_LIMIT=(5, 60))
def test_fifty_posts_a_minute_from_one_address_hit_the_limit(client, data, monkeypatch):
    # The limit counts per clock minute: a loop that crossed one would start again.
    moment = dt.datetime(2026, 1, 15, 3, 0, 20, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    fields = form_fields(client_get(client, data["item"].url).content.decode())
    # Each answer from a newly opened page: a form takes one answer only.
    codes = [
        post_feedback(
            client,
            {**fields, "token": feedback_token(data["item"].pk), "useful": "yes"},
        ).status_code
        for _ in range(50)
    ]
    assert codes[:5] == [302] * 5
    assert set(codes[5:]) == {429}
    assert Feedback.objects.count() == 5
    # Another address is not affected.
    other = post_feedback(client, {**fields, "useful": "no"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_views_are_counted_once_per_visitor_and_day_and_robots_are_ignored(
    client, data
):
    url = data["item"].url
    for _ in range(3):
        assert client_get(client, url).status_code == 200
    client_get(client, url, REMOTE_ADDR="10.0.0.2")
    client.get(url, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    client.get(url)  # no user agent at all
    client.get(data["category"].url, HTTP_USER_AGENT=BROWSER)  # not counted
    assert list(PageViewCount.objects.values_list("page_id", "views")) == [
        (data["item"].pk, 2)
    ]


def test_a_private_item_viewed_without_login_is_not_counted(client, data):
    response = client_get(client, data["private"].url)
    assert response.status_code == 302
    assert not PageViewCount.objects.exists()


def test_a_private_item_offers_no_form_it_would_refuse(client, data):
    client.force_login(make_user("signed-in-reader"))
    response = client_get(client, data["private"].url)
    assert response.status_code == 200
    assert data["private"].title in response.content.decode()
    assert "ข้อมูลนี้เป็นประโยชน์หรือไม่" not in response.content.decode()


def test_a_password_form_answered_with_200_is_not_a_view(client, data):
    PageViewRestriction.objects.filter(page=data["private"]).update(
        restriction_type="password", password="ความลับ"
    )
    response = client_get(client, data["private"].url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert not PageViewCount.objects.exists()


def test_downloads_are_counted_per_document_and_day(client, data):
    document = data["document"]
    for address in ("10.0.0.1", "10.0.0.1", "10.0.0.3"):
        response = client_get(client, document.url, REMOTE_ADDR=address)
        assert response.status_code == 200
    client.get(document.url, HTTP_USER_AGENT="curl/8.0")
    assert list(
        DocumentDownloadCount.objects.values_list("document_id", "downloads")
    ) == [(document.pk, 2)]


def test_a_download_refused_by_a_private_collection_is_not_counted(client, data):
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="เอกสารภายใน")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type="login"
    )
    document = get_document_model().objects.create(
        title="บันทึกภายใน",
        file=ContentFile(b"%PDF-1.4\n", name="internal.pdf"),
        collection=private,
    )
    assert client_get(client, document.url).status_code == 302
    assert not DocumentDownloadCount.objects.exists()


def test_a_gallery_takes_feedback_too(client, data):
    gallery = make_gallery()
    html = client_get(client, gallery.url).content.decode()
    assert "ข้อมูลนี้เป็นประโยชน์หรือไม่" in html
    response = post_feedback(client, {**form_fields(html), "useful": "yes"})
    assert response.status_code == 302
    assert Feedback.objects.get().page_id == gallery.pk
    assert PageViewCount.objects.get().page_id == gallery.pk


def test_an_administrator_removes_a_comment_and_the_answer_still_counts(client, data):
    feedback = Feedback.objects.create(
        page=data["item"], useful=True, comment="โทร 081-234-5678 คุณสมชาย"
    )
    url = f"/admin/disclosure-reports/evaluation/feedback/{feedback.pk}/remove-comment/"
    editor = make_user("plain-editor")
    editor.user_permissions.add(*Permission.objects.filter(codename="access_admin"))
    client.force_login(editor)
    assert client.post(url).status_code == 403
    client.force_login(make_user("comment-admin", is_superuser=True))
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.comment, feedback.useful) == ("", True)
    assert ModelLogEntry.objects.filter(
        action="disclosure_reporting.remove_comment"
    ).exists()

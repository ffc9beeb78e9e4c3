"""Public relations' queue, the composer, marking a page for channels and the
channel log: what each role sees and may do, and forged or repeated requests."""

import datetime as dt
from types import SimpleNamespace

import pytest
from wagtail.models import Page, PageViewRestriction, Site

from channels.models import Channel, ChannelMark, ChannelPosting, MarkSource
from channels.wagtail_hooks import demo_postings
from disclosure_thai.dates import BANGKOK, FiscalPeriod
from reporting.sections import collect
from tests.conftest import shared_data
from tests.moderation.office import build_office, login
from tests.utils import make_item

pytestmark = pytest.mark.django_db

QUEUE = "/admin/channels/"


def compose_url(page):
    return f"/admin/channels/page/{page.pk}/"


def log_url(page_or_id):
    pk = getattr(page_or_id, "pk", page_or_id)
    return f"/admin/channels/page/{pk}/log/"


def mark(page, *keys, source=MarkSource.PUBLISHED):
    for key in keys:
        ChannelMark.objects.create(
            page=page, channel=Channel.objects.get(key=key), source=source
        )


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        office = build_office()
        items = {}

        def item(name, **kwargs):
            kwargs.setdefault("publish", True)
            items[name] = office.item(title=name, **kwargs)
            return items[name]

        live = item("ประกาศผลการจัดซื้อที่เผยแพร่แล้ว", search_description="สรุปผลสั้น ๆ")
        draft = item("ร่างที่ยังไม่เผยแพร่", publish=False)
        private = item("รายการเฉพาะเจ้าหน้าที่")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.LOGIN
        )
        withdrawn = item("รายการที่ถอนการเผยแพร่แล้ว")
        withdrawn.unpublish()
        other_root = Page.get_first_root_node().add_child(
            instance=Page(title="อีกเว็บไซต์", slug="other-site")
        )
        Site.objects.create(hostname="other.example", root_page=other_root)
        elsewhere = make_item(other_root, title="รายการของอีกเว็บไซต์")
        items["รายการของอีกเว็บไซต์"] = elsewhere
        for page in (live, draft, private, withdrawn, elsewhere):
            mark(page, "facebook", "x")
        finance_item = item("รายการของกลุ่มบริหารงานการเงิน", unit=office.unit_b)
        mark(finance_item, "line")
        yield {
            "office": office,
            "items": items,
            "live": live,
            "draft": draft,
            "private": private,
            "withdrawn": withdrawn,
            "elsewhere": elsewhere,
            "finance_item": finance_item,
        }


@pytest.fixture
def data(module_data, db):
    return module_data


def test_the_queue_shows_only_live_public_items_of_this_site(data):
    client = login(data["office"].pr)
    html = client.get(QUEUE).content.decode()
    assert "ประกาศผลการจัดซื้อที่เผยแพร่แล้ว" in html
    assert "รายการของกลุ่มบริหารงานการเงิน" in html
    for hidden in (
        "ร่างที่ยังไม่เผยแพร่",
        "รายการเฉพาะเจ้าหน้าที่",
        "รายการที่ถอนการเผยแพร่แล้ว",
        "รายการของอีกเว็บไซต์",
    ):
        assert hidden not in html
    # Nor can their composer be opened or a posting logged for them by id.
    for name in ("draft", "private", "withdrawn", "elsewhere"):
        assert client.get(compose_url(data[name])).status_code == 404
        response = client.post(
            log_url(data[name]),
            {
                "channel": Channel.objects.get(key="x").pk,
                "posted_at": "2026-01-20T10:00",
                "url": "https://x.com/o/status/1",
            },
        )
        assert response.status_code == 404
    assert not ChannelPosting.objects.exists()


def test_the_composer_has_a_text_of_the_right_length_the_link_and_copy_buttons(data):
    long_title = "ประกาศผลการจัดซื้อจัดจ้าง " * 9  # 234 of the title's 255
    Page.objects.filter(pk=data["live"].pk).update(title=long_title.strip())
    client = login(data["office"].pr)
    html = client.get(compose_url(data["live"])).content.decode()
    x = Channel.objects.get(key="x")
    assert (
        f"of {x.max_length} characters" in html or f"จาก {x.max_length} ตัวอักษร" in html
    )
    text = html.split('id="text-x"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    assert len(text) <= x.max_length
    assert text.split("\n")[-1].startswith("http")  # the link is kept whole
    assert "พ.ศ. 25" in html  # the date of publication in B.E.
    assert "channels/js/copy.js" in html
    assert 'data-copy-target="text-facebook"' in html and " hidden>" in html


def test_the_short_address_leads_to_a_live_public_page_only(data, client):
    response = client.get(f"/s/{data['live'].pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(data["live"].url_path.split("/", 2)[-1])
    for name in ("draft", "private", "withdrawn", "elsewhere"):
        assert client.get(f"/s/{data[name].pk}/").status_code == 404
    for forged in ("abc", "0", "-1", "99999999999999999999999"):
        assert client.get(f"/s/{forged}/").status_code == 404


@pytest.mark.parametrize("who", ["editor_a", "ict", "committee", "director_a"])
def test_only_public_relations_logs_a_posting(data, who):
    client = login(getattr(data["office"], who))
    assert client.get(QUEUE).status_code == 403
    response = client.post(
        log_url(data["live"]),
        {
            "channel": Channel.objects.get(key="facebook").pk,
            "posted_at": "2026-01-20T10:00",
            "url": "https://www.facebook.com/office/posts/1",
        },
    )
    assert response.status_code == 403
    assert not ChannelPosting.objects.exists()


def test_forged_channel_and_posting_ids_are_refused(data):
    client = login(data["office"].pr)
    Channel.objects.filter(key="line").update(active=False)
    for forged in (Channel.objects.get(key="line").pk, 99999, "abc"):
        response = client.post(
            log_url(data["live"]),
            {
                "channel": forged,
                "posted_at": "2026-01-20T10:00",
                "url": "https://line.me/R/home/public/post?id=1",
            },
        )
        assert response.status_code == 400
    for forged in ("abc", "0", "99999999999999999999999", 424242):
        assert client.get(compose_url(type("P", (), {"pk": forged}))).status_code == 404
        assert (
            client.get(f"/admin/channels/posting/{forged}/correct/").status_code == 404
        )
        assert (
            client.post(
                f"/admin/channels/posting/{forged}/remove/", {"reason": "x"}
            ).status_code
            == 404
        )
    # A posting of another site's page cannot be corrected from this site.
    posting = ChannelPosting.objects.create(
        page=data["elsewhere"],
        page_title="x",
        channel=Channel.objects.get(key="x"),
        posted_at=dt.datetime(2026, 1, 20, 10, tzinfo=BANGKOK),
        url="https://x.com/o/status/1",
    )
    assert (
        client.get(f"/admin/channels/posting/{posting.pk}/correct/").status_code == 404
    )
    assert not ChannelPosting.objects.exclude(pk=posting.pk).exists()


def test_the_same_posting_sent_twice_is_logged_once(data):
    client = login(data["office"].pr)
    form = {
        "channel": Channel.objects.get(key="facebook").pk,
        "posted_at": "2026-01-20T10:00",
        "url": "https://www.facebook.com/office/posts/1",
    }
    first = client.post(log_url(data["live"]), form, follow=True)
    second = client.post(log_url(data["live"]), form, follow=True)
    assert ChannelPosting.objects.count() == 1
    assert "บันทึกการเผยแพร่ทาง" in first.content.decode()
    assert "มีอยู่ในบันทึกแล้ว" in second.content.decode()
    posting = ChannelPosting.objects.get()
    assert posting.posted_by == data["office"].pr
    assert posting.unit == data["office"].unit_a
    # Corrected twice at once: one correction, the second told so.
    correction = {
        **form,
        "url": "https://www.facebook.com/office/posts/2",
        "reason": "ที่อยู่โพสต์ผิด",
    }
    url = f"/admin/channels/posting/{posting.pk}/correct/"
    client.post(url, correction)
    again = client.post(url, correction, follow=True)
    assert ChannelPosting.objects.count() == 2
    assert "แก้ไขหรือนำออกไปแล้ว" in again.content.decode()


def _post(client, page, key, when, url="", location=""):
    response = client.post(
        log_url(page),
        {
            "channel": Channel.objects.get(key=key).pk,
            "posted_at": when,
            "url": url,
            "location": location,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ChannelPosting.objects.order_by("-pk").first()


def _section(period):
    [section] = [s for s in collect(period) if s["key"] == "channels"]
    return section


def test_counts_per_channel_per_unit_follow_the_log(data):
    office = data["office"]
    client = login(office.pr)
    live, finance_item = data["live"], data["finance_item"]
    q2 = "2026-01-20T10:00"  # fiscal year 2569, quarter 2
    fb = _post(client, live, "facebook", q2, url="https://www.facebook.com/o/posts/1")
    _post(
        client,
        live,
        "facebook",
        "2026-01-21T10:00",
        url="https://www.facebook.com/o/posts/1b",
    )  # the same item again
    board = _post(client, live, "board", q2, location="หน้าห้องประชุม ชั้น 1")
    line = _post(client, finance_item, "line", q2, url="https://line.me/R/post/1")
    _post(client, finance_item, "x", "2025-11-02T10:00", url="https://x.com/o/status/9")

    period = FiscalPeriod.quarter(2569, 2)
    section = _section(period)
    columns = section["columns"]
    rows = {
        row[0]: dict(zip(columns[1:], row[1:], strict=True)) for row in section["rows"]
    }
    names = {c.key: c.name for c in Channel.objects.all()}
    policy, finance = str(office.unit_a), str(office.unit_b)
    assert rows[policy][names["facebook"]] == 1  # one item, posted twice
    assert rows[policy][names["board"]] == 1
    assert rows[finance][names["line"]] == 1
    assert rows[finance][names["x"]] == 0  # posted in the quarter before
    assert section["total"][columns.index(names["facebook"])] == 1

    # A correction moves the count; a removal takes it away; history is kept.
    client.post(
        f"/admin/channels/posting/{fb.pk}/correct/",
        {
            "channel": Channel.objects.get(key="line").pk,
            "posted_at": q2,
            "url": "https://line.me/R/post/2",
            "reason": "ลงผิดช่องทาง",
        },
    )
    client.post(f"/admin/channels/posting/{board.pk}/remove/", {"reason": "ปลดโปสเตอร์"})
    client.post(f"/admin/channels/posting/{line.pk}/remove/", {"reason": ""})
    section = _section(period)
    rows = {
        row[0]: dict(zip(columns[1:], row[1:], strict=True)) for row in section["rows"]
    }
    assert rows[policy][names["facebook"]] == 1  # the other posting of the item
    assert rows[policy][names["line"]] == 1
    assert rows[policy][names["board"]] == 0
    assert rows[finance][names["line"]] == 1  # a removal needs a reason
    assert ChannelPosting.objects.filter(pk__in=[fb.pk, board.pk]).count() == 2

    html = client.get(compose_url(live)).content.decode()
    assert "ลงผิดช่องทาง" in html and "ปลดโปสเตอร์" in html

    # The item's evaluation says where it was posted.
    evaluation = login(office.editor_a).get(
        f"/admin/disclosure-reports/evaluation/page/{live.pk}/"
    )
    assert evaluation.status_code == 200
    text = evaluation.content.decode()
    assert "https://line.me/R/post/2" in text
    assert "หน้าห้องประชุม" not in text  # removed


def test_editors_mark_their_own_items_and_pr_sees_them(data):
    office = data["office"]
    page = data["draft"]
    url = f"/admin/channels/page/{page.pk}/mark/"
    facebook = Channel.objects.get(key="facebook")
    line = Channel.objects.get(key="line")
    client = login(office.editor_a)
    # Offered in the page's header menu and in its own form.
    assert url in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "ช่องทางอื่น" in client.get(url).content.decode()
    response = client.post(url, {"channels": [facebook.pk, line.pk], "note": "ขอลงเพจ"})
    assert response.status_code == 302
    marks = ChannelMark.objects.filter(page=page)
    assert {m.channel.key for m in marks} == {"facebook", "line"}
    assert marks.get(channel=line).source == MarkSource.REQUESTED
    # Another unit's editor, a forged channel.
    assert login(office.editor_b).post(url, {"channels": [line.pk]}).status_code == 403
    assert client.post(url, {"channels": [99999]}).status_code == 400
    assert (
        client.post("/admin/channels/page/99999999999999999999/mark/", {}).status_code
        == 404
    )
    # ICT marks what it publishes: decided when published.
    ict = login(office.ict)
    ict.post(url, {"channels": [facebook.pk, line.pk, Channel.objects.get(key="x").pk]})
    assert ChannelMark.objects.get(page=page, channel__key="x").source == (
        MarkSource.PUBLISHED
    )


def test_the_committee_report_has_the_channels_table(data):
    office = data["office"]
    _post(
        login(office.pr),
        data["finance_item"],
        "line",
        "2026-01-20T10:00",
        url="https://line.me/R/post/7",
    )
    client = login(office.administrator)
    base = "/admin/disclosure-reports/committee/"
    screen = client.get(f"{base}?period=2569-q2").content.decode()
    printed = client.get(f"{base}2569-q2/print/").content.decode()
    for html in (screen, printed):
        assert "การเผยแพร่ทางช่องทางอื่น" in html
        assert "LINE Official Account" in html
    xlsx = client.get(f"{base}2569-q2/xlsx/")
    assert xlsx.status_code == 200


def test_the_demo_hook_logs_postings_with_one_correction(data):
    office = data["office"]
    report = SimpleNamespace(created=[], kept=[])
    demo = SimpleNamespace(
        users={"pr": office.pr, "ict": office.ict},
        units={},
        today=dt.date(2026, 1, 20),
        report=report,
    )
    demo_postings(demo)
    assert report.created == ["channel postings"]
    postings = ChannelPosting.objects.all()
    assert postings.count() >= 4
    corrected = postings.filter(replaces__isnull=False)
    assert corrected.count() == 1 and corrected.get().correction_reason
    assert postings.current().count() == postings.count() - 1
    # Run again (the command is rerun): nothing is added.
    demo_postings(demo)
    assert report.kept == ["channel postings"]
    assert ChannelPosting.objects.count() == postings.count()


def test_a_gallery_is_posted_with_its_picture_sized_per_channel(data):
    from tests.utils import make_gallery, make_jpeg, make_safe_image

    office = data["office"]
    from django.core.files.base import ContentFile

    image = make_safe_image(
        title="ภาพกิจกรรมวันครู",
        file=ContentFile(make_jpeg((1600, 1200)), name="teachers-day.jpg"),
    )
    gallery = make_gallery(
        unit=office.unit_a, images=[image], title="ภาพกิจกรรมวันครู 2569"
    )
    mark(gallery, "facebook", "line")
    client = login(office.pr)
    queue_html = client.get(QUEUE).content.decode()
    assert "ภาพกิจกรรมวันครู 2569" in queue_html
    assert 'width="160" height="84" alt=""' in queue_html  # its picture, small
    html = client.get(compose_url(gallery)).content.decode()
    assert 'width="1200" height="630" alt="ภาพกิจกรรมวันครู"' in html
    assert 'width="1040" height="1040" alt="ภาพกิจกรรมวันครู"' in html
    assert "ดาวน์โหลดภาพ (1200 × 630 พิกเซล)" in html


def test_a_period_without_postings_has_no_channels_table(data):
    assert [
        s for s in collect(FiscalPeriod.quarter(2569, 2)) if s["key"] == "channels"
    ] == []

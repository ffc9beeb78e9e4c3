"""Feeds, sitemap.xml, robots.txt, share cards and the notice-board poster."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from moderation.models import Unit
from tests.conftest import shared_data
from tests.utils import category, make_item, run_setup

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        units = {u.code: u for u in Unit.objects.all()}
        image = get_image_model()(title="ภาพประชุม", file=get_test_image_file())
        image.save()
        pages = {
            "procurement": make_item(
                category("1.9"),
                title="ประกาศผู้ชนะการเสนอราคา",
                summary="ประกาศผลการจัดซื้อวัสดุ",
                unit=units["finance"],
            ),
            "plan": make_item(
                category("1.6"),
                title="แผนปฏิบัติการประจำปี",
                summary="แผนของสำนักงาน",
                unit=units["policy"],
                body=[
                    {
                        "type": "image",
                        "value": {
                            "image": image.pk,
                            "alt_text": "ภาพการประชุม",
                            "caption": "",
                        },
                    }
                ],
            ),
            "draft": make_item(category("1.9"), title="ร่างยังไม่เผยแพร่", publish=False),
            "private": make_item(category("1.9"), title="เฉพาะภายใน"),
        }
        PageViewRestriction.objects.create(
            page=pages["private"], restriction_type="login"
        )
        yield pages


def rss_titles(response):
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(response):
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


@pytest.mark.django_db
def test_section_feeds_list_published_items(site, client):
    rss = client.get("/feeds/disclosure/rss/")
    assert rss.status_code == 200
    assert rss["Content-Type"].startswith("application/rss+xml")
    titles = rss_titles(rss)
    assert site["procurement"].title in titles and site["plan"].title in titles
    assert site["draft"].title not in titles
    assert site["private"].title not in titles
    atom = client.get("/feeds/disclosure/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert set(atom_titles(atom)) == set(titles)


@pytest.mark.django_db
def test_category_and_unit_feeds(site, client):
    assert rss_titles(client.get("/feeds/category/1.9/rss/")) == [
        site["procurement"].title
    ]
    assert atom_titles(client.get("/feeds/category/1.6/atom/")) == [site["plan"].title]
    assert rss_titles(client.get("/feeds/unit/policy/rss/")) == [site["plan"].title]
    assert client.get("/feeds/category/9.9/rss/").status_code == 404
    assert client.get("/feeds/unit/nobody/rss/").status_code == 404
    # A forged code never reaches the database as is (PostgreSQL refuses a NUL).
    assert client.get("/feeds/category/1.9%00/rss/").status_code == 404
    assert client.head("/feeds/category/%00/atom/").status_code == 404


@pytest.mark.django_db
def test_a_feed_item_carries_its_picture(site, client):
    root = ET.fromstring(client.get("/feeds/category/1.6/rss/").content)  # noqa: S314 - our own feed
    item = next(root.iter("item"))
    enclosure = item.find("enclosure")
    assert enclosure is not None and enclosure.get("type") == "image/jpeg"
    assert enclosure.get("url").startswith("http://testserver/")
    media = item.find("{http://search.yahoo.com/mrss/}content")
    assert media is not None and media.get("medium") == "image"


@pytest.mark.django_db
def test_a_picture_whose_file_is_lost_does_not_break_the_feed(site, client):
    image = get_image_model()(title="ภาพหาย", file=get_test_image_file())
    image.save()
    item = make_item(
        category("1.4"),
        title="โครงสร้างองค์กร",
        body=[{"type": "image", "value": {"image": image.pk, "alt_text": "ผัง"}}],
    )
    rendition = image.get_rendition("max-1200x1200|format-jpeg")
    rendition.file.storage.delete(rendition.file.name)
    response = client.get("/feeds/category/1.4/rss/")
    assert response.status_code == 200
    assert item.title in rss_titles(response)


@pytest.mark.django_db
def test_gallery_feed_answers(site, client):
    # Galleries are found by disclosure_kind, whichever app defines them.
    response = client.get("/feeds/galleries/rss/")
    assert response.status_code == 200
    assert site["procurement"].title not in rss_titles(response)
    assert client.get("/feeds/galleries/atom/").status_code == 200


@pytest.mark.django_db
def test_sitemap_lists_public_pages_only(site, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert site["procurement"].url in body
    assert site["draft"].slug not in body
    assert site["private"].url not in body


@pytest.mark.django_db
def test_robots_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.django_db
def test_share_card_of_an_item(site, client):
    html = client.get(site["procurement"].url).content.decode()
    assert f'<meta property="og:title" content="{site["procurement"].title}">' in html
    assert 'property="og:description" content="ประกาศผลการจัดซื้อวัสดุ"' in html
    # No picture of its own: the site's self-hosted default, as an absolute URL.
    assert (
        '<meta property="og:image" content="http://testserver/static/'
        "disclosure_pages/img/share-default.png" in html
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    html = client.get(site["plan"].url).content.decode()
    assert 'property="og:image" content="http://testserver/media/' in html


@pytest.mark.django_db
def test_shared_links_and_qr_code_use_the_address_the_site_is_visited_at(site, client):
    # Wagtail's first Site record says "localhost" until an administrator edits it:
    # the poster's QR code and the share card must not point there.
    item = site["procurement"]
    expected = f"http://testserver{item.url}"
    html = client.get(item.url).content.decode()
    assert f'<meta property="og:url" content="{expected}">' in html
    poster = client.get(f"/poster/{item.pk}/")
    assert poster.context["poster_url"] == expected
    assert "localhost" not in poster.content.decode()


@pytest.mark.django_db
def test_poster_of_a_published_item(site, client):
    item = site["procurement"]
    html = client.get(item.url).content.decode()
    assert f"/poster/{item.pk}/" in html  # linked from the page
    response = client.get(f"/poster/{item.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "size: A4" in open_static("disclosure_pages/css/poster.css")
    assert item.title in html and item.summary in html
    assert "<svg" in html and "segno" in html  # the QR code, drawn here
    assert "http://" in html and item.url in html
    # The print button opens the print dialog through a static script (the
    # Content-Security-Policy refuses onclick attributes).
    assert "data-print" in html and "print-button.js" in html
    assert "window.print()" in open_static("disclosure_moderation/js/print-button.js")
    assert "พ.ศ." in html  # a B.E. date
    assert "สำนักงานเขตพื้นที่การศึกษา" in html  # the office name


def open_static(path):
    from django.contrib.staticfiles import finders

    with open(finders.find(path), encoding="utf-8") as f:
        return f.read()


@pytest.mark.django_db
def test_no_poster_for_drafts_private_or_other_pages(site, client):
    assert client.get(f"/poster/{site['draft'].pk}/").status_code == 404
    assert client.get(f"/poster/{site['private'].pk}/").status_code == 404
    assert client.get(f"/poster/{category('1.9').pk}/").status_code == 404
    assert client.get("/poster/999999/").status_code == 404


def test_qr_code_is_made_locally():
    import segno

    assert "<svg" in segno.make("https://example.go.th/x/").svg_inline()

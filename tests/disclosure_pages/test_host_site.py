"""The plugin installed in someone else's site: its public pages need nothing from
the example site's templates but a ``base.html`` (the one contract, see README), and
the includes a host's base may use are the plugin's own, under its namespace."""

import copy
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.template.loaders import app_directories
from django.test import override_settings

from tests.utils import category, make_gallery, make_item, run_setup

pytestmark = pytest.mark.django_db

# A host site's base.html: its own chrome, the blocks the plugin's pages fill, and
# the plugin's includes for share cards, the poster link and the update date.
HOST_BASE = """<!DOCTYPE html>
<html lang="th">
<head>
  <title>{% block title %}{{ page.title }}{% endblock %} | สำนักงานของอีกเว็บไซต์</title>
  {% block social_meta %}{% include "disclosure_pages/includes/social_meta.html" %}{% endblock %}
  {% block extra_css %}{% endblock %}
</head>
<body class="{% block body_class %}{% endblock %}">
  <header>เว็บไซต์ของหน่วยงานอื่น</header>
  {% block breadcrumbs %}{% endblock %}
  <main id="main">
    {% block content %}{% endblock %}
    {% block page_tools %}{% include "disclosure_pages/includes/page_tools.html" %}{% endblock %}
    {% block last_updated %}{% if page.last_published_at %}{% include "disclosure_pages/includes/last_updated.html" with updated=page.last_published_at %}{% endif %}{% endblock %}
  </main>
</body>
</html>
"""


@pytest.fixture
def host_site(tmp_path):
    """The example site's templates folder replaced by a host's holding base.html."""
    (tmp_path / "base.html").write_text(HOST_BASE, encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path]
    with override_settings(TEMPLATES=templates):
        yield


def test_the_plugins_pages_render_in_a_host_site(host_site, client):
    run_setup()
    item = make_item(category("1.9"), title="แผนการใช้จ่ายงบประมาณประจำปี")
    gallery = make_gallery(photos=1, title="กิจกรรมวันครู")
    urls = {
        "index": category("1.9").get_parent().url,
        "category": category("1.9").url,
        "item": item.url,
        "gallery": gallery.url,
        "galleries": gallery.get_parent().url,
        "search": "/search/?q=งบประมาณ",
    }
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "เว็บไซต์ของหน่วยงานอื่น" in html, name
    item_html = client.get(item.url).content.decode()
    assert "แผนการใช้จ่ายงบประมาณประจำปี" in item_html
    assert "ปรับปรุงล่าสุดเมื่อ" in item_html
    assert "พิมพ์ประกาศสำหรับบอร์ดประชาสัมพันธ์ (A4)" in item_html
    assert 'property="og:title"' in item_html
    category_html = client.get(category("1.9").url).content.decode()
    assert "ปรับปรุงล่าสุดเมื่อ" in category_html


PLUGIN_APPS = (
    "disclosure_pages",
    "disclosure_signin",
    "moderation",
    "photo_gallery",
    "reporting",
)
NAMED = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def test_no_plugin_template_names_one_only_the_example_site_has():
    """Every template a plugin template includes or extends is an app's, except
    base.html, which the host site provides."""
    engine = engines["django"].engine
    app_templates = app_directories.Loader(engine)
    repo = Path(__file__).resolve().parents[2]
    missing = []
    for app in PLUGIN_APPS:
        for path in (repo / app / "templates").rglob("*.html"):
            for name in NAMED.findall(path.read_text(encoding="utf-8")):
                if name == "base.html":
                    continue
                if not any(
                    Path(origin.name).is_file()
                    for origin in app_templates.get_template_sources(name)
                ):
                    missing.append(f"{path.relative_to(repo)}: {name}")
    assert not missing, missing

"""Replace Wagtail's placeholder welcome page with the example site's home page."""

from django.db import migrations
from django.utils import timezone


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("disclosure_site.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    page_content_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    placeholder = Page.objects.filter(
        content_type=page_content_type, slug="home", depth=2, numchild=0
    )
    old = placeholder.first()
    if old is None:
        return  # an existing site: leave its home page alone
    placeholder_locale = Locale.objects.get(pk=old.locale_id)
    old.delete()

    homepage_content_type, __ = ContentType.objects.get_or_create(
        model="homepage", app_label="disclosure_site"
    )
    homepage = HomePage.objects.create(
        title="หน้าแรก",
        draft_title="หน้าแรก",
        slug="home",
        content_type=homepage_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=placeholder_locale,
        live=True,
        first_published_at=timezone.now(),
        last_published_at=timezone.now(),
    )
    Site.objects.create(hostname="localhost", root_page=homepage, is_default_site=True)


def remove_homepage(apps, schema_editor):
    HomePage = apps.get_model("disclosure_site.HomePage")
    HomePage.objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("disclosure_site", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]

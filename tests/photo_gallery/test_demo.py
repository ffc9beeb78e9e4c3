"""The example site's demo data includes a published and a planned gallery."""

import io

import pytest
from django.core.management import call_command

from photo_gallery.models import ActivityGalleryPage
from tests.utils import run_setup


@pytest.mark.django_db
def test_demo_galleries_are_created_once(client):
    run_setup()
    for _ in range(2):
        call_command("load_demo_data", force=True, stdout=io.StringIO())
    workshop = ActivityGalleryPage.objects.get(slug="demo-gallery-workshop")
    planned = ActivityGalleryPage.objects.get(slug="demo-gallery-planned")
    assert workshop.live and workshop.photo_count == 3
    assert not planned.live and planned.status == "planned"
    assert ActivityGalleryPage.objects.count() == 2
    response = client.get(workshop.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="photo__link"') == 3

"""The office's channels to start with (editable data): three social channels with
the length of a post and the size of a picture each, the notice board and the
office journal."""

from django.db import migrations

# key, name, kind, longest post, picture width x height, order
CHANNELS = [
    ("facebook", "เพจ Facebook ของสำนักงาน", "social", 500, 1200, 630, 10),
    ("line", "LINE Official Account", "social", 300, 1040, 1040, 20),
    ("x", "X", "social", 280, 1200, 675, 30),
    ("board", "บอร์ดประชาสัมพันธ์", "board", None, None, None, 40),
    ("journal", "วารสาร/จดหมายข่าวของสำนักงาน", "journal", None, None, None, 50),
]


def add_channels(apps, schema_editor):
    Channel = apps.get_model("disclosure_channels", "Channel")
    for key, name, kind, longest, width, height, order in CHANNELS:
        Channel.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "kind": kind,
                "max_length": longest,
                "image_width": width,
                "image_height": height,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("disclosure_channels", "0001_channels_and_log")]

    operations = [migrations.RunPython(add_channels, migrations.RunPython.noop)]

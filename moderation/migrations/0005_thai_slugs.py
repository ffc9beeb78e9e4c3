"""Pages whose slug lost the Thai vowel and tone marks of their title get the
spelled slug; each address they had while live redirects to the new one (301)."""

from django.db import migrations


def respell(apps, schema_editor):
    from disclosure_thai.slugs import respell_stripped_slugs

    respell_stripped_slugs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure_moderation", "0004_chain_integrity"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(respell, migrations.RunPython.noop)]

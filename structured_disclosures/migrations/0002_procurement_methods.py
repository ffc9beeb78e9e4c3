"""The procurement methods of the Procurement Act B.E. 2560 (editable data)."""

from django.db import migrations

METHODS = [
    (
        "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
        "e-bidding\nประกวดราคาอิเล็กทรอนิกส์\nประกวดราคา",
        10,
    ),
    ("ตลาดอิเล็กทรอนิกส์ (e-market)", "e-market\nตลาดอิเล็กทรอนิกส์", 20),
    ("วิธีสอบราคา", "สอบราคา", 30),
    ("วิธีคัดเลือก", "คัดเลือก", 40),
    ("วิธีเฉพาะเจาะจง", "เฉพาะเจาะจง", 50),
]


def add_methods(apps, schema_editor):
    ProcurementMethod = apps.get_model("structured_disclosures", "ProcurementMethod")
    for name, aliases, order in METHODS:
        ProcurementMethod.objects.get_or_create(
            name=name, defaults={"aliases": aliases, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("structured_disclosures", "0001_procurement_summary")]

    operations = [migrations.RunPython(add_methods, migrations.RunPython.noop)]

"""An office with an ITA year whose indicators are complete, missing or stale, and
evidence that is public, draft or private: shared by the completeness, evidence-link
and evidence-pack tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from disclosure_thai.dates import fiscal_year
from ita.models import ItaEvidence, ItaFreshness, ItaIndicator, ItaYear, ItaYearStatus
from tests.moderation.office import Office, build_office
from tests.utils import category, make_item


@dataclass
class ItaOffice:
    office: Office
    year: ItaYear
    indicators: dict[str, ItaIndicator]
    documents: dict[str, object]
    today: dt.date


def make_document(name: str, collection=None):
    document = get_document_model()(
        title=f"เอกสาร {name}",
        collection=collection or Collection.get_first_root_node(),
    )
    document.file.save(name, ContentFile(b"%PDF-1.4 " + name.encode()), save=False)
    document.save()
    return document


def attached(document) -> list:
    return [("document", {"document": document, "title": "", "accessible": True})]


def build_ita_office() -> ItaOffice:
    """Units: policy (director_a) owns O3 and O5; finance (director_b) owns O11 and
    O12; both own O20, whose evidence mixes public, draft and private documents."""
    office = build_office()
    today = timezone.localdate()
    # Set-up seeds the current year from the seed file; these tests build their own.
    ItaYear.objects.filter(fiscal_year=fiscal_year(today)).delete()
    year = ItaYear.objects.create(
        fiscal_year=fiscal_year(today),
        status=ItaYearStatus.PUBLISHED,
        deadline=today + dt.timedelta(days=30),
    )
    policy, finance = office.unit_a, office.unit_b

    def indicator(code, order, units, **kwargs):
        found = ItaIndicator.objects.create(
            year=year, code=code, title=f"ตัวชี้วัดทดสอบ {code}", sort_order=order, **kwargs
        )
        found.units.set(units)
        return found

    o3 = indicator("O3", 3, [policy])
    o5 = indicator("O5", 5, [policy], freshness=ItaFreshness.FISCAL_YEAR)
    o11 = indicator("O11", 11, [finance], freshness=ItaFreshness.MONTHLY)
    o12 = indicator("O12", 12, [finance], freshness=ItaFreshness.QUARTERLY)
    o20 = indicator("O20", 20, [finance, policy])

    # O3: an outside address, complete whatever the date.
    ItaEvidence.objects.create(
        indicator=o3, url="https://www.nacc.go.th/", sort_order=0
    )
    # O5: nothing linked (missing). O12: an item two years old (stale).
    old = make_item(
        category("1.9"),
        unit=finance,
        title="รายงานเก่า",
        publication_date=today - dt.timedelta(days=730),
    )
    ItaEvidence.objects.create(indicator=o12, page=old, sort_order=0)

    # O20: what is public and what is not.
    secret_collection = Collection.get_first_root_node().add_child(name="ลับ")
    CollectionViewRestriction.objects.create(
        collection=secret_collection, restriction_type="login"
    )
    documents = {
        "public": make_document("public-evidence.pdf"),
        "secret": make_document("secret-evidence.pdf", secret_collection),
        "attached": make_document("attached-evidence.pdf"),
        "attached_secret": make_document("attached-secret.pdf", secret_collection),
        "draft": make_document("draft-evidence.pdf"),
        "private_page": make_document("private-page.pdf"),
    }
    live_item = make_item(
        category("1.9"),
        unit=finance,
        title="รายการที่เผยแพร่แล้ว",
        body=attached(documents["attached"]) + attached(documents["attached_secret"]),
    )
    draft_item = make_item(
        category("1.9"),
        unit=finance,
        title="รายการฉบับร่าง",
        publish=False,
        body=attached(documents["draft"]),
    )
    private_item = make_item(
        category("1.9"),
        unit=finance,
        title="รายการส่วนตัว",
        body=attached(documents["private_page"]),
    )
    PageViewRestriction.objects.create(page=private_item, restriction_type="login")
    for n, target in enumerate(
        [
            {"document": documents["public"]},
            {"document": documents["secret"]},
            {"page": live_item},
            {"page": draft_item},
            {"page": private_item},
        ]
    ):
        ItaEvidence.objects.create(indicator=o20, sort_order=n, **target)
    return ItaOffice(
        office=office,
        year=year,
        indicators={"O3": o3, "O5": o5, "O11": o11, "O12": o12, "O20": o20},
        documents=documents,
        today=today,
    )

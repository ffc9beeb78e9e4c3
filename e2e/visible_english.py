"""How much English a Thai user still reads in the admin, per role and screen.

Run ``.venv/bin/python -m e2e.visible_english`` (or ``make thai-admin-report``). It
starts a throwaway demo site (e2e/server.py) or uses ``--base-url``, logs in as each
role of the measure -- editor, unit director, office director, ICT publisher,
committee and administrator -- with Thai selected (a user whose preference is not
Thai, like the demo ICT publisher, gets Thai chosen in the account settings through
the browser, and the old preference back at the end), and visits the screens that
role uses: dashboard, page explorer, page editor (with the StreamField block menu
and the document chooser open), the approval dialogs on a page in moderation,
history, reports, image and document upload, our own admin screens and the
account settings. The run changes the site: the editor submits an item and the
unit director, office director and ICT publisher each approve it (the last
approval publishes it), and the editor uploads a document and an image. Use a
throwaway site.

``--without-catalogue`` measures the site as Wagtail's own Thai leaves it: the
site it starts runs without disclosure_thai.admin_th (DISCLOSURE_ADMIN_TH=0, read by
disclosure_site.settings.e2e).

What is measured, for each screen: the visible text (``document.body.innerText``,
so text hidden from sight but read by screen readers counts), the document title,
and the ``aria-label``, ``title``, ``placeholder`` and ``alt`` of visible elements
when their text is not already shown. For a dialog or a menu opened over a screen
only the dialog or menu is measured (the screen under it is its own row).
Letters are counted: Thai letters (U+0E01-U+0E4E) and Latin letters (A-Z, a-z);
digits, punctuation and spaces count for neither. Share = Latin / (Thai + Latin).

What is not counted as English -- the few things Thai government writing keeps in
Latin letters, removed before counting:
  * the tokens in ``ALLOWED_TOKENS`` (file formats and acronyms: PDF, URL, ICT,
    XLSX, CSV, ...; file-size units KB, MB, GB, which Django's Thai also keeps; the
    paper size A4; the product name Wagtail) as whole words, in capitals as listed;
  * email addresses, web addresses (http(s)://..., www...., host names such as
    localhost or office.go.th, and URL paths starting with ``/``);
  * file names (a name ending in a document or image extension);
  * time-zone identifiers (Asia/Bangkok, Etc/GMT+7, Singapore, GMT, UTC): the
    account settings' list of time zones;
  * the logged-in user's own username (whole word, exact case);
  * key names shown as keys (``<kbd>``: Ctrl, Alt, Enter) in the shortcuts dialog.
Everything else in Latin letters counts as English, including content (titles or
names typed in English) -- the demo content is Thai.

Output: one row per role and screen (Thai letters, English letters, share, the
English fragments with most letters), then the overall share and the worst screen.
``--json`` writes the rows; ``--fail-above PCT`` exits 1 if a screen is above PCT.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from e2e.server import ROLE_USERS, launch_chromium, log_in, start_site

THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
ALLOWED_TOKENS = (
    "PDF",
    "URL",
    "ICT",
    "XLSX",
    "CSV",
    "HTML",
    "DOCX",
    "JPEG",
    "JPG",
    "PNG",
    "GIF",
    "WEBP",
    "A4",
    "KB",
    "MB",
    "GB",
    "Wagtail",
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WEB_ADDRESS = re.compile(
    r"(?:https?://|www\.)[^\s\"'<>]+"
    r"|\b(?:localhost|(?:[A-Za-z0-9-]+\.)+(?:th|com|org|net|go|local))\b(?::\d+)?"
    r"(?:/[A-Za-z0-9_\-./?=&%#]*)?"
    r"|(?<![^\s(\[\"'])/[A-Za-z0-9_\-./?=&%#]+"
)
FILE_NAME = re.compile(
    r"[\w\-.()]+\.(?:pdf|docx?|xlsx?|csv|odt|ods|odp|pptx?|rtf|txt|zip"
    r"|jpe?g|png|gif|webp)\b",
    re.IGNORECASE,
)
# Time-zone identifiers (the account settings' list): Asia/Bangkok, Etc/GMT+7, UTC.
TIME_ZONE = re.compile(
    r"\b(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian"
    r"|Pacific|Etc|Canada|Brazil|Chile|Mexico|US)/[A-Za-z0-9_+\-/]+|\b(?:GMT|UTC)\b"
)
ALLOWED_WORDS = re.compile(r"\b(?:" + "|".join(ALLOWED_TOKENS) + r")\b")
ENGLISH_RUN = re.compile(
    r"[A-Za-z][A-Za-z0-9'’\-]*(?:[ \t,:;.!?()&/%\-]+[A-Za-z0-9][A-Za-z0-9'’\-]*)*"
)

# The visible text of an element (default: the body) plus the labels of its
# visible elements that their text does not already show.
COLLECT_TEXT_JS = """
(selector) => {
  const roots = selector
    ? [...document.querySelectorAll(selector)].filter(
        (el) => el.getClientRects().length)
    : [document.body];
  if (!roots.length) return null;
  // Names kept as printed are blanked while the text is read, then put back:
  // keys (<kbd>: Ctrl, Esc, /) and time-zone identifiers ("Asia/Bangkok: GMT+7
  // (...)" is read as ": GMT+7 (...)").
  const restore = [];
  for (const root of roots) {
    for (const el of root.querySelectorAll('kbd')) {
      restore.push([el, el.textContent]);
      el.textContent = '';
    }
    for (const el of root.querySelectorAll('select[name$=time_zone] option')) {
      if (!el.value) continue;
      restore.push([el, el.textContent]);
      const colon = el.textContent.indexOf(':');
      el.textContent = colon < 0 ? '' : el.textContent.slice(colon);
    }
  }
  const visible = (el) => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  const parts = selector ? [] : [document.title];
  for (const root of roots) {
    parts.push(root.innerText);
    const labelled = root.querySelectorAll(
      '[aria-label],[title],[placeholder],img[alt],input[type=submit],input[type=button]');
    for (const el of labelled) {
      if (!visible(el)) continue;
      const shown = (el.innerText || '').trim();
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = (el.getAttribute(attr) || '').trim();
        if (value && !shown.includes(value)) parts.push(value);
      }
      if (el.matches('input[type=submit],input[type=button]')) parts.push(el.value);
    }
  }
  for (const [el, text] of restore) el.textContent = text;
  return parts.join('\\n');
}
"""


@dataclass
class Row:
    """One screen seen by one role."""

    role: str
    screen: str
    url: str
    thai: int = 0
    english: int = 0
    fragments: dict[str, int] = field(default_factory=dict)
    note: str = ""

    @property
    def share(self) -> float:
        total = self.thai + self.english
        return 100.0 * self.english / total if total else 0.0


def without_allowed(text: str, username: str = "") -> str:
    """The text with the Latin-letter tokens Thai writing keeps removed."""
    for pattern in (EMAIL, WEB_ADDRESS, FILE_NAME, TIME_ZONE, ALLOWED_WORDS):
        text = pattern.sub(" ", text)
    if username:
        text = re.sub(rf"(?<![\w.@-]){re.escape(username)}(?![\w@-])", " ", text)
    return text


def count_letters(text: str, username: str = "") -> tuple[int, int, Counter]:
    """Thai letters, English letters and the English fragments of ``text``."""
    text = without_allowed(text, username)
    fragments: Counter = Counter()
    for line in text.splitlines():
        for match in ENGLISH_RUN.finditer(line):
            fragment = match.group().strip(" ,:;.-/()")
            fragments[fragment] += len(LATIN_LETTER.findall(fragment))
    return len(THAI_LETTER.findall(text)), len(LATIN_LETTER.findall(text)), fragments


def tiny_pdf() -> bytes:
    """A one-page PDF with a line of text, for the document upload."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = b"BT /F1 12 Tf 20 100 Td (measurement) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (33, 99, 168)).save(buffer, "PNG")
    return buffer.getvalue()


class Measurement:
    """The rows of one run, and the browser steps that produce them."""

    def __init__(
        self, base_url: str, browser, verbose: bool = True, text_dir: Path | None = None
    ):
        self.base_url = base_url.rstrip("/")
        self.text_dir = text_dir
        self.browser = browser
        self.rows: list[Row] = []
        self.verbose = verbose
        self.item_id: int | None = None
        self.category_id: int | None = None

    # -- recording ---------------------------------------------------------------

    def record(self, page, role, screen, username, selector=None, note=""):
        text = page.evaluate(COLLECT_TEXT_JS, selector)
        row = Row(role=role, screen=screen, url=page.url.replace(self.base_url, ""))
        if text is None:
            row.note = "not shown"
        else:
            row.thai, row.english, fragments = count_letters(text, username)
            if self.text_dir:
                name = re.sub(r"\W+", "-", f"{len(self.rows):03d} {role} {screen}")
                (self.text_dir / f"{name}.txt").write_text(text, encoding="utf-8")
            row.fragments = dict(fragments.most_common(8))
            row.note = note
        self.rows.append(row)
        if self.verbose:
            print_row(row)
        return row

    def visit(self, page, path) -> bool:
        """Open ``path``; False when the role may not see it (refused or sent away)."""
        response = page.goto(self.base_url + path)
        page.wait_for_load_state("networkidle")
        if response is None or response.status >= 400:
            return False
        # A refusal sends the user to the dashboard (or the login) with a message.
        landed = page.url.replace(self.base_url, "").split("?")[0]
        sent_away = landed in ("/admin/", "/admin/login/")
        return landed == path.split("?")[0] or not sent_away

    def screen(self, page, role, username, name, path, note=""):
        if self.visit(page, path):
            return self.record(page, role, name, username, note=note)
        return None

    def status(self, page, path) -> int:
        response = page.request.get(self.base_url + path, max_redirects=0)
        return response.status

    # -- discovery through the admin's own API -------------------------------------

    def api_pages(self, page, **params) -> list[dict]:
        items, offset = [], 0
        while True:
            query = "&".join(f"{k}={v}" for k, v in params.items())
            response = page.request.get(
                f"{self.base_url}/admin/api/main/pages/?{query}&limit=20&offset={offset}"
            )
            data = response.json()
            items.extend(data["items"])
            offset += 20
            if offset >= data["meta"]["total_count"] or not data["items"]:
                return items

    def find_pages(self, page, type_name: str) -> list[dict]:
        """Pages of a type, breadth first from the root (sections before items)."""
        found, queue = [], ["root"]
        while queue:
            parent = queue.pop(0)
            for child in self.api_pages(page, child_of=parent):
                if child["meta"]["type"] == type_name:
                    found.append(child)
                elif child["meta"]["children"]["count"] and (
                    "Item" not in child["meta"]["type"]
                ):
                    queue.append(child["id"])
            if found and type_name.endswith(("IndexPage", "CategoryPage")):
                return found
        return found

    def editable(self, page, candidates: list[dict]) -> list[int]:
        return [
            c["id"]
            for c in candidates
            if self.status(page, f"/admin/pages/{c['id']}/edit/") == 200
        ]

    # -- one role ----------------------------------------------------------------

    def ensure_thai(self, page) -> str | None:
        """Choose Thai in the account settings if the user prefers another language.

        Returns the preference to restore afterwards (None if nothing changed)."""
        if page.locator("html").get_attribute("lang") == "th":
            return None
        page.goto(f"{self.base_url}/admin/account/")
        select = page.locator("select[name='locale-preferred_language']")
        previous = select.input_value()
        select.select_option("th")
        page.locator("main form [type=submit]").last.click()
        page.wait_for_load_state("networkidle")
        page.goto(f"{self.base_url}/admin/")
        if page.locator("html").get_attribute("lang") != "th":
            raise RuntimeError("could not switch the admin to Thai")
        return previous

    def restore_language(self, page, previous: str) -> None:
        page.goto(f"{self.base_url}/admin/account/")
        page.locator("select[name='locale-preferred_language']").select_option(previous)
        page.locator("main form [type=submit]").last.click()
        page.wait_for_load_state("networkidle")

    def open_dropdown_action(self, page, selector: str) -> bool:
        """Click an action of the editor's footer, opening its menu if needed."""
        target = page.locator(selector).first
        if not target.count():
            return False
        toggle = page.locator("footer [data-w-dropdown-target='toggle']").first
        for _attempt in range(3):
            if target.is_visible():
                break
            toggle.click()
            page.wait_for_timeout(500)
        target.click()
        return True

    def wait_modal(self, page) -> None:
        page.locator(".modal .modal-body > *").first.wait_for(state="visible")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)

    def close_modal(self, page) -> None:
        page.locator(".modal button.close").first.click()
        page.locator(".modal .modal-dialog").first.wait_for(state="hidden")

    def run_role(self, role: str) -> None:
        username = ROLE_USERS[role]
        context = self.browser.new_context(
            locale="th-TH", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(20_000)
        try:
            page = log_in(context, self.base_url, username)
            previous = self.ensure_thai(page)
            try:
                self.role_screens(page, role, username)
            finally:
                if previous is not None:
                    self.restore_language(page, previous)
        finally:
            context.close()

    def role_screens(self, page, role, username) -> None:
        def screen(name, path, note=""):
            return self.screen(page, role, username, name, path, note)

        def record(name, selector=None, note=""):
            return self.record(page, role, name, username, selector, note)

        screen("dashboard", "/admin/")
        reports_button = page.locator(".sidebar button").filter(
            has_text=re.compile(r"^\s*(รายงาน|Reports)\s*$")
        )
        if reports_button.count():
            reports_button.first.click()
            page.wait_for_timeout(400)
            record("sidebar: reports menu", ".sidebar-sub-menu-panel")
            page.keyboard.press("Escape")
        help_button = page.locator(".sidebar button").filter(
            has_text=re.compile(r"^\s*(ความช่วยเหลือ|Help)")
        )
        if help_button.count():
            help_button.first.click()
            page.wait_for_timeout(400)
            record("sidebar: help menu", ".sidebar-sub-menu-panel")
            shortcuts = page.locator(
                "[data-a11y-dialog-show='keyboard-shortcuts-dialog']"
            ).filter(visible=True)
            if shortcuts.count():
                shortcuts.first.click()
                page.locator("#keyboard-shortcuts-dialog table").wait_for()
                record("help: keyboard shortcuts", "#keyboard-shortcuts-dialog")
            page.goto(f"{self.base_url}/admin/")

        # Roles without page permissions (office director, committee) have no
        # explorer: the admin's API lists nothing for them.
        indexes = self.find_pages(page, "disclosure_pages.DisclosureIndexPage")
        categories = []
        if indexes:
            index = indexes[0]
            categories = self.api_pages(page, child_of=index["id"])
            screen("explorer: disclosure index", f"/admin/pages/{index['id']}/")

        # The role's own item (one it may edit), else the shared one.
        own_item = None
        if role not in ("office_director", "committee"):
            for category in categories:
                items = self.api_pages(page, child_of=category["id"])
                ids = self.editable(page, items[:3])
                if ids:
                    own_item, own_category = ids[0], category["id"]
                    break
        if own_item is None:
            own_category = self.category_id or (categories and categories[0]["id"])
        if role == "editor":
            self.item_id, self.category_id = own_item, own_category

        if own_category and screen(
            "explorer: category", f"/admin/pages/{own_category}/"
        ):
            toggle = page.locator(
                "table.listing tbody tr [data-w-dropdown-target='toggle']"
            )
            if toggle.count():
                toggle.first.click()
                page.wait_for_timeout(400)
                record("explorer: row actions menu", "[data-tippy-root]")
                page.keyboard.press("Escape")

        if role in ("unit_director", "office_director", "ict"):
            self.moderate(page, role, username)

        if own_item:
            self.editor_screens(page, role, username, own_item, own_category)
        if role == "editor" and self.item_id:
            self.submit(page, role, username)

        item = own_item or self.item_id
        if item:
            screen("page history", f"/admin/pages/{item}/history/")
            if screen("workflow history", f"/admin/pages/{item}/workflow_history/"):
                detail = page.locator("a[href*='/workflow_history/detail/']")
                if detail.count():
                    screen(
                        "workflow history: detail",
                        detail.first.get_attribute("href"),
                    )
            screen(
                "evaluation of an item",
                f"/admin/disclosure-reports/evaluation/page/{item}/",
            )
        if screen("dashboard (after the steps)", "/admin/"):
            memo = page.locator("a[href*='/disclosure-approval/memo/']")
            if memo.count():
                screen("request memo", memo.first.get_attribute("href"))

        galleries = self.find_pages(
            page, "disclosure_photo_gallery.ActivityGalleryPage"
        )
        gallery_ids = self.editable(page, galleries[:4])
        if gallery_ids:
            screen("page editor: gallery", f"/admin/pages/{gallery_ids[0]}/edit/")
            screen("gallery photos", f"/admin/galleries/{gallery_ids[0]}/photos/")

        for name, path in REPORTS:
            screen(name, path)

        screen("images", "/admin/images/")
        if screen("image upload", "/admin/images/multiple/add/") and role == "editor":
            self.upload(page, role, username, "image upload: after a file", IMAGE)
        screen("documents", "/admin/documents/")
        if screen("document upload", "/admin/documents/multiple/add/") and (
            role == "editor"
        ):
            self.upload(page, role, username, "document upload: after a file", PDF)

        for name, path in ADMIN_SCREENS:
            if screen(name, path) and name == "units":
                edit = page.locator("table.listing a[href*='/edit/']")
                if edit.count():
                    screen("unit: edit", edit.first.get_attribute("href"))
        screen("account settings", "/admin/account/")

    def editor_screens(self, page, role, username, item, category) -> None:
        def record(name, selector=None, note=""):
            return self.record(page, role, name, username, selector, note)

        if self.screen(
            page,
            role,
            username,
            "page editor: edit an item",
            (f"/admin/pages/{item}/edit/"),
        ):
            toggle = page.locator("[data-side-panel-toggle='status']")
            if toggle.count():
                toggle.first.click()
                page.wait_for_timeout(400)
                record("page editor: status panel", "[data-side-panel='status']")
        add = f"/admin/pages/add/disclosure_pages/disclosureitempage/{category}/"
        if not self.screen(page, role, username, "page editor: add an item", add):
            return
        page.locator("button.c-sf-add-button").first.click()
        menu = page.locator("[data-tippy-root]:not([hidden]) .w-combobox")
        menu.first.wait_for(state="visible")
        record("page editor: block menu open", "[data-tippy-root]:not([hidden])")
        option = page.locator(".w-combobox__option").filter(
            has_text=re.compile(r"^\s*(เอกสาร|Document)\s*$")
        )
        option.first.click()
        choose = page.locator(
            "[data-chooser-action-choose], button.action-choose"
        ).filter(visible=True)
        choose.first.click()
        self.wait_modal(page)
        record("page editor: document chooser", ".modal .modal-dialog")
        upload_tab = page.locator(".modal a[href='#tab-upload'], .modal [role=tab]")
        if upload_tab.count() > 1:
            upload_tab.nth(1).click()
            page.wait_for_timeout(300)
            record("document chooser: upload tab", ".modal .modal-dialog")
        self.close_modal(page)

    def submit(self, page, role, username) -> None:
        """The editor sends the item for approval through the browser."""
        page.goto(f"{self.base_url}/admin/pages/{self.item_id}/edit/")
        page.wait_for_load_state("networkidle")
        if not self.open_dropdown_action(page, "button[name='action-submit']"):
            print(f"  (item {self.item_id} cannot be submitted; skipped)")
            return
        page.wait_for_load_state("networkidle")
        self.screen(
            page,
            role,
            username,
            "page editor: in moderation",
            f"/admin/pages/{self.item_id}/edit/",
        )

    def moderate(self, page, role, username) -> None:
        """Open the request-changes and approve dialogs, then approve.

        The page is the first one in the role's "waiting for my approval" panel on
        the dashboard (the editor's submission when the editor ran first)."""
        page.goto(f"{self.base_url}/admin/")
        waiting = page.locator(
            "section[aria-labelledby='disclosure-waiting-heading'] a[href$='/edit/']"
        )
        if not waiting.count():
            print(f"  ({role}: nothing waits for approval; dialogs not measured)")
            return
        path = waiting.first.get_attribute("href")
        self.item_id = self.item_id or int(path.rstrip("/").split("/")[-2])
        if not self.screen(page, role, username, "workflow: page in moderation", path):
            return
        reject = "button[data-workflow-action-name='reject']"
        # "Approve with comment" (the plain "Approve" sends no dialog).
        approve = (
            "button[data-workflow-action-name='approve']"
            "[data-workflow-action-modal-url]"
        )
        if not page.locator(approve).count():
            print(f"  ({role}: no approval step waiting on item {self.item_id})")
            return
        if self.open_dropdown_action(page, reject):
            self.wait_modal(page)
            self.record(
                page,
                role,
                "workflow: request changes dialog",
                username,
                ".modal-dialog",
            )
            self.close_modal(page)
            # A fresh page: the footer menu may still be closing behind the dialog.
            page.reload()
            page.wait_for_load_state("networkidle")
        self.open_dropdown_action(page, approve)
        self.wait_modal(page)
        self.record(page, role, "workflow: approve dialog", username, ".modal-dialog")
        comment = page.locator(".modal textarea")
        if comment.count():
            comment.first.fill("ตรวจสอบแล้ว")
        with page.expect_navigation():
            page.locator(".modal [type=submit]").first.click()
        page.wait_for_load_state("networkidle")
        self.record(page, role, "workflow: after approving", username)

    def upload(self, page, role, username, name, file) -> None:
        page.set_input_files("#fileupload", files=[file()])
        page.locator("#upload-list form, #upload-list .error").first.wait_for(
            state="visible", timeout=30_000
        )
        page.wait_for_load_state("networkidle")
        self.record(page, role, name, username)


def PDF() -> dict:  # noqa: N802 (a file, named like one)
    return {
        "name": "เอกสารทดสอบการอัปโหลด.pdf",
        "mimeType": "application/pdf",
        "buffer": tiny_pdf(),
    }


def IMAGE() -> dict:  # noqa: N802
    return {
        "name": "ภาพทดสอบการอัปโหลด.png",
        "mimeType": "image/png",
        "buffer": tiny_png(),
    }


# Reports: a role sees those it may (the others refuse and are left out).
REPORTS = [
    ("report: requests to publish", "/admin/disclosure-approval/requests/"),
    ("report: minimum set (2.1)", "/admin/disclosure-reports/minimum-set/"),
    ("report: evaluation", "/admin/disclosure-reports/evaluation/"),
    ("report: committee", "/admin/disclosure-reports/committee/"),
    ("report: unit narratives", "/admin/disclosure-reports/narratives/"),
    ("report: gallery planning", "/admin/galleries/planning/"),
    ("report: workflows (Wagtail)", "/admin/reports/workflow/"),
    ("report: workflow tasks (Wagtail)", "/admin/reports/workflow_tasks/"),
    ("report: locked pages (Wagtail)", "/admin/reports/locked/"),
    ("report: aging pages (Wagtail)", "/admin/reports/aging-pages/"),
    ("report: site history (Wagtail)", "/admin/reports/site-history/"),
]
# The administrator's screens of our own (others are refused and left out).
ADMIN_SCREENS = [
    ("units", "/admin/snippets/disclosure_moderation/unit/"),
    ("office settings", "/admin/settings/disclosure_moderation/officesettings/"),
]
ROLES = ["editor", "unit_director", "office_director", "ict", "committee", "admin"]


def print_row(row: Row) -> None:
    if row.note == "not shown":
        print(f"{row.role:<16} {row.screen:<40} (not shown)")
        return
    top = "; ".join(f"{text!r}×{n}" for text, n in list(row.fragments.items())[:5])
    print(
        f"{row.role:<16} {row.screen:<40} {row.thai:>6} {row.english:>6} "
        f"{row.share:6.2f}%  {top}",
        flush=True,
    )


def summary(rows: list[Row], label: str) -> list[str]:
    rows = [r for r in rows if r.note != "not shown"]
    thai = sum(r.thai for r in rows)
    english = sum(r.english for r in rows)
    share = 100.0 * english / (thai + english) if thai + english else 0.0
    worst = max(rows, key=lambda r: r.share)
    over = [r for r in rows if r.share > 2.0]
    lines = [
        f"SUMMARY [{label}] screens={len(rows)} thai_letters={thai} "
        f"english_letters={english} overall_english={share:.2f}% "
        f"worst={worst.role}/{worst.screen} {worst.share:.2f}% "
        f"screens_over_2%={len(over)}",
    ]
    for role in ROLES:
        mine = [r for r in rows if r.role == role]
        if mine:
            t, e = sum(r.thai for r in mine), sum(r.english for r in mine)
            lines.append(
                f"SUMMARY [{label}] role={role} screens={len(mine)} "
                f"english={100.0 * e / (t + e):.2f}% "
                f"max={max(r.share for r in mine):.2f}%"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="measure this site instead of starting one")
    parser.add_argument(
        "--without-catalogue",
        action="store_true",
        help="start the site without disclosure_thai.admin_th (the 'before' figure)",
    )
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--json", type=Path, help="write the rows to this file")
    parser.add_argument("--fail-above", type=float, help="exit 1 above this share")
    parser.add_argument(
        "--text-dir", type=Path, help="save the text read on each screen here"
    )
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    server = None
    if args.base_url:
        base_url = args.base_url
        label = f"{base_url}"
        if args.without_catalogue:
            print("--without-catalogue only applies to a site started here")
    else:
        if args.without_catalogue:
            os.environ["DISCLOSURE_ADMIN_TH"] = "0"
        print("starting a demo site (migrate and seed take a few minutes)...")
        server = start_site()
        base_url = server.base_url
        label = "without catalogue" if args.without_catalogue else "with catalogue"
    print(f"site: {base_url} ({label})")
    print(
        f"{'role':<16} {'screen':<40} {'thai':>6} {'eng':>6} {'share':>7}  top English"
    )
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            if args.text_dir:
                args.text_dir.mkdir(parents=True, exist_ok=True)
            measurement = Measurement(base_url, browser, text_dir=args.text_dir)
            for role in args.roles.split(","):
                measurement.run_role(role)
            browser.close()
    finally:
        if server is not None:
            server.remove()
    rows = measurement.rows
    for line in summary(rows, label):
        print(line)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                [asdict(r) | {"share": round(r.share, 2)} for r in rows],
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    if args.fail_above is not None and any(
        r.share > args.fail_above for r in rows if r.note != "not shown"
    ):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

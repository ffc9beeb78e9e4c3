"""The post composer: for one page and one channel, the Thai text ready to paste,
the link and the picture. Nothing here calls an outside service; the office posts
by hand.

A post is the title, a one-line summary, the date of publication in B.E., the
link and the office's hashtags for the channel. When the whole does not fit the
channel's length, the summary is shortened first (at a Thai character boundary,
never between a consonant and its vowel or tone mark), then the title.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from disclosure_pages.search import page_summary_text
from disclosure_pages.share import page_address, share_image
from disclosure_thai.dates import format_thai_date
from moderation.public_address import public_base_url

from .models import Channel

# A page's own address is used when it reads well: plain Latin letters and at most
# this long. Otherwise (a Thai slug, percent-encoded) the short address /s/<id>/.
READABLE_ADDRESS_LENGTH = 60
ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")


def short_address(request, page) -> str:
    """The page's short address on the office's public site, e.g.
    ``https://www.example.go.th/s/123/``."""
    path = reverse("channels_short_link", args=[page.pk])
    base = public_base_url()
    if not base and request is not None:
        return request.build_absolute_uri(path)
    return base + path


def post_link(request, page) -> str:
    """The link a post carries: the page's own address when short and readable,
    else its short address."""
    address = page_address(request, page)
    if (
        address
        and address.isascii()
        and "%" not in address
        and len(address) <= READABLE_ADDRESS_LENGTH
    ):
        return address
    return short_address(request, page)


def one_line(text: str) -> str:
    """The first sentence or line of a text, on one line."""
    text = _SPACES.sub(" ", text or "").strip()
    return text


def cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters with an ellipsis, cut where a
    Thai character starts (a vowel or tone mark stays with its consonant) and,
    when there is one near, at a space."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ""
    end = limit - len(ELLIPSIS)
    while end > 0 and (unicodedata.combining(text[end]) or _is_thai_mark(text[end])):
        end -= 1
    # A leading vowel (เ แ โ ใ ไ) belongs to the consonant after it.
    while end > 0 and 0x0E40 <= ord(text[end - 1]) <= 0x0E44:
        end -= 1
    space = text.rfind(" ", 0, end)
    if space > end * 2 // 3:
        end = space
    return text[:end].rstrip() + ELLIPSIS


def _is_thai_mark(char: str) -> bool:
    """Thai vowels and marks that sit above, below or after a consonant, and the
    leading vowels' partner SARA AM (U+0E33)."""
    code = ord(char)
    return (
        code in (0x0E31, 0x0E33) or 0x0E34 <= code <= 0x0E3A or 0x0E47 <= code <= 0x0E4E
    )


@dataclass
class Post:
    """A ready post for one channel."""

    channel: Channel
    text: str
    title: str
    summary: str
    link: str
    date_text: str
    hashtags: str
    image_url: str = ""
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str = ""

    @property
    def length(self) -> int:
        return len(self.text)

    @property
    def too_long(self) -> bool:
        limit = self.channel.max_length
        return bool(limit) and self.length > limit


def compose_text(title, summary, date_line, link, hashtags, limit) -> tuple[str, str]:
    """The post's text and the title as it fits: the summary gives way first."""

    def join(t, s):
        return "\n".join(part for part in (t, s, date_line, link, hashtags) if part)

    text = join(title, summary)
    if not limit or len(text) <= limit:
        return text, title
    room = limit - len(join(title, ""))
    summary = cut(summary, room - 1) if room > 1 else ""
    text = join(title, summary)
    if len(text) <= limit:
        return text, title
    room = limit - len(join("", ""))
    title = cut(title, room - 1) if room > 1 else ""
    return join(title, ""), title


def compose(request, page, channel: Channel) -> Post:
    """The post for ``page`` on ``channel``."""
    title = one_line(page.title)
    summary = one_line(
        getattr(page, "search_description", "") or page_summary_text(page)
    )
    published = page.first_published_at or page.last_published_at
    date_text = format_thai_date(published, "long") if published else ""
    date_line = _("Published %(date)s") % {"date": date_text} if date_text else ""
    link = post_link(request, page)
    hashtags = " ".join(channel.hashtags.split())
    text, _title = compose_text(
        title, summary, date_line, link, hashtags, channel.max_length
    )
    post = Post(
        channel=channel,
        text=text,
        title=title,
        summary=summary,
        link=link,
        date_text=date_text,
        hashtags=hashtags,
    )
    image = share_image(page)
    if image is not None and channel.image_width:
        try:
            rendition = image.get_rendition(channel.rendition_spec)
        except Exception:  # noqa: BLE001 - a missing file: the post goes without it
            rendition = None
        if rendition is not None:
            url = rendition.url
            if request is not None and url.startswith("/"):
                url = request.build_absolute_uri(url)
            post.image_url = url
            post.image_width, post.image_height = rendition.width, rendition.height
            post.image_alt = image.title
    return post

"""Kept only for ``moderation.thai_search``, which moves to the Thai layer last.

The dates, fiscal periods and Thai digits live in ``disclosure_thai.dates``; import
them from there. This module goes when the search moves.
"""

from disclosure_thai.dates import arabic_digits

__all__ = ["arabic_digits"]

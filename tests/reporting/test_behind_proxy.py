"""Behind the office's reverse proxy every request arrives from the proxy's address:
the feedback rate limit and the once-a-day view count must tell visitors apart by the
address the proxy forwards, and never believe one a visitor wrote themselves."""

import pytest
from django.test import RequestFactory, override_settings

from reporting.tracking import rate_limited, visitor_hash

PROXY = "127.0.0.1"


def request_from(forwarded: str):
    return RequestFactory().post(
        "/feedback/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
    )


@pytest.mark.django_db
@override_settings(
    DISCLOSURE_TRUSTED_PROXY_COUNT=1, DISCLOSURE_FEEDBACK_RATE_LIMIT=(2, 60)
)
def test_two_visitors_behind_the_proxy_have_their_own_limit():
    first, second = "203.0.113.5", "198.51.100.7"
    assert [rate_limited(request_from(first), "feedback") for _ in range(3)] == [
        False,
        False,
        True,
    ]
    assert rate_limited(request_from(second), "feedback") is False


@pytest.mark.django_db
@override_settings(
    DISCLOSURE_TRUSTED_PROXY_COUNT=1, DISCLOSURE_FEEDBACK_RATE_LIMIT=(2, 60)
)
def test_a_forwarded_address_written_by_the_visitor_is_not_believed():
    # nginx appends the address it saw; what the visitor sent stands to its left.
    for forged in ("10.0.0.1", "10.0.0.2"):
        rate_limited(request_from(f"{forged}, 203.0.113.5"), "feedback")
    assert rate_limited(request_from("10.0.0.3, 203.0.113.5"), "feedback") is True


@override_settings(DISCLOSURE_TRUSTED_PROXY_COUNT=1)
def test_visitors_behind_the_proxy_are_counted_apart():
    assert visitor_hash(request_from("203.0.113.5"), "page", 1) != visitor_hash(
        request_from("198.51.100.7"), "page", 1
    )


@override_settings(DISCLOSURE_TRUSTED_PROXY_COUNT=0)
def test_reached_directly_the_forwarded_header_is_ignored():
    assert visitor_hash(request_from("203.0.113.5"), "page", 1) == visitor_hash(
        request_from("198.51.100.7"), "page", 1
    )

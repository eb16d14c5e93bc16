"""Trailer links: YouTube and Vimeo only, embedded through their privacy-enhanced players."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from films.trailers import parse_trailer, validate_trailer_url


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0",
        ),
        (
            "https://m.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1",
        ),
    ],
)
def test_known_video_addresses_give_privacy_players(url, embed):
    """Every accepted address is played from the no-cookie/do-not-track player."""
    trailer = parse_trailer(url)
    assert trailer is not None
    assert trailer.embed_url == embed


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.org/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
        "https://vimeo.com/channels/staffpicks",
        "https://[::1",
        "",
    ],
)
def test_other_addresses_are_refused(url):
    """Anything but a well-formed YouTube or Vimeo video id is not a trailer."""
    assert parse_trailer(url) is None


def test_validator_explains_which_sites_work():
    """An editor pasting another site's address is told what to paste instead."""
    with pytest.raises(ValidationError, match="YouTube or Vimeo"):
        validate_trailer_url("https://example.org/trailer.mp4")

"""Trailer links: which video sites we accept and how their privacy-enhanced players are embedded.

Readers' pages show a facade made of our own markup and the film's own poster; the player's
frame (the only third-party request) is created when the reader asks for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{1,12}$")
YOUTUBE_PLAYER_ORIGIN = "https://www.youtube-nocookie.com"
VIMEO_PLAYER_ORIGIN = "https://player.vimeo.com"


@dataclass(frozen=True)
class Trailer:
    """A video on a site we know, with the player address to load on the reader's click."""

    site: str
    video_id: str

    @property
    def site_name(self) -> str:
        return {"youtube": "YouTube", "vimeo": "Vimeo"}[self.site]

    @property
    def player_origin(self) -> str:
        """The one origin the page's CSP lets frames come from."""
        return YOUTUBE_PLAYER_ORIGIN if self.site == "youtube" else VIMEO_PLAYER_ORIGIN

    @property
    def embed_url(self) -> str:
        """The privacy-enhanced player (no cookies before play; Vimeo's do-not-track)."""
        if self.site == "youtube":
            return f"{YOUTUBE_PLAYER_ORIGIN}/embed/{self.video_id}?autoplay=1&rel=0"
        return f"{VIMEO_PLAYER_ORIGIN}/video/{self.video_id}?autoplay=1&dnt=1"

    @property
    def watch_url(self) -> str:
        """The video on its own site, for readers who would rather go there."""
        if self.site == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"


def parse_trailer(url: str) -> Trailer | None:
    """The trailer a YouTube or Vimeo address points to, or None for anything else."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    segments = [s for s in parts.path.split("/") if s]
    candidate = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if segments == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) == 2 and segments[0] in ("embed", "shorts", "v", "live"):
            candidate = segments[1]
        return Trailer("youtube", candidate) if _YOUTUBE_ID.match(candidate) else None
    if host == "youtu.be" and len(segments) == 1:
        candidate = segments[0]
        return Trailer("youtube", candidate) if _YOUTUBE_ID.match(candidate) else None
    if host in ("vimeo.com", "player.vimeo.com"):
        numeric = [s for s in segments if s.isdigit()]
        candidate = numeric[-1] if numeric else ""
        return Trailer("vimeo", candidate) if _VIMEO_ID.match(candidate) else None
    return None


def validate_trailer_url(url: str) -> None:
    """Only YouTube and Vimeo video addresses: their players have a privacy-enhanced mode."""
    if url and parse_trailer(url) is None:
        raise ValidationError(
            "Paste a YouTube or Vimeo video address, e.g. https://www.youtube.com/watch?v=…",
            code="trailer_site",
        )

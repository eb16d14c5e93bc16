"""Which catalogue film a draft is about: matching the film a parsed draft names."""

from __future__ import annotations

import re
import unicodedata

from films.models import Credit, Film
from reviews.parsing import FilmHint

# How many catalogue films suggest_films offers at most.
MAX_SUGGESTIONS = 5


def _fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a title or name, for matching."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", bare.casefold()).split())


def _contains_words(a: str, b: str) -> bool:
    """Whether one folded title holds the other as whole words ("roma" in "roma extended")."""
    if min(len(a), len(b)) < 4:
        return False  # "Up" or "It" would match half the catalogue.
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def _scored_films(hint: FilmHint) -> list[tuple[int, Film]]:
    """Films that may be the hinted one, best first, scored (100 and up: exact title)."""
    wanted = _fold(hint.title)
    if not wanted:
        return []
    films = Film.objects.all()
    if hint.year is not None:
        # A year off by one is a festival premiere against a release date; further is another film.
        films = films.filter(year__range=(hint.year - 1, hint.year + 1))
    # Accent-insensitive matching is portable only in Python: compare folded titles over the
    # (year-narrowed) id/title columns, then load the few matches in full.
    scores: dict[int, int] = {}
    for pk, title, original_title in films.values_list("pk", "title", "original_title").iterator():
        folded = {_fold(title), _fold(original_title)} - {""}
        if wanted in folded:
            scores[pk] = 100
        elif any(_contains_words(wanted, t) for t in folded):
            scores[pk] = 40
    if not scores:
        return []
    director = _fold(hint.director)
    directors: dict[int, set[str]] = {}
    for film_id, name in Credit.objects.filter(
        film_id__in=scores, role=Credit.Role.DIRECTOR
    ).values_list("film_id", "person__name"):
        directors.setdefault(film_id, set()).add(_fold(name))
    scored = []
    for film in Film.objects.filter(pk__in=scores):
        score = scores[film.pk]
        if hint.year is not None:
            score += 30 if film.year == hint.year else 10
        if director and film.pk in directors:
            if director not in directors[film.pk]:
                continue  # The catalogue credits someone else: another film of that title.
            score += 30
        scored.append((score, film))
    scored.sort(key=lambda pair: (-pair[0], pair[1].title, pair[1].year, pair[1].pk))
    return scored[:MAX_SUGGESTIONS]


def suggest_films(hint: FilmHint) -> list[Film]:
    """A few catalogue films the draft may be about, best first (title, year, director)."""
    return [film for _, film in _scored_films(hint)]


def confident_film(hint: FilmHint) -> Film | None:
    """The one film the hint clearly names: an exact title that no other candidate ties."""
    scored = _scored_films(hint)
    if not scored or scored[0][0] < 100:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def describe_hint(hint: FilmHint) -> str:
    """'Title (1997)' or 'Title', for messages."""
    title = hint.title or "an unnamed film"
    return f"{title} ({hint.year})" if hint.year else title

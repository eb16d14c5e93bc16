"""Writes that span several rows: publishing, importing and exporting reviews."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from films.models import FIRST_FILM_YEAR, LAST_FILM_YEAR, Credit, Film, Person
from reviews.models import DEFAULT_VERDICT_HEADING, Review, ReviewSection
from reviews.parsing import (
    FilmHint,
    ParsedRating,
    ParsedReview,
    ParsedSection,
    render_markdown,
)
from reviews.rendering import markdown_to_html


@dataclass
class PublishOutcome:
    """What a publish request did: which reviews went out, and why others did not."""

    published: list[Review] = field(default_factory=list)
    refused: dict[Review, list[str]] = field(default_factory=dict)


@transaction.atomic
def publish_reviews(*, reviews: QuerySet[Review], at: datetime | None = None) -> PublishOutcome:
    """Publish each review that is complete; a future `at` (or published_at) schedules it."""
    outcome = PublishOutcome()
    now = timezone.now()
    candidates = list(reviews.select_for_update(of=("self",)).select_related("film"))
    section_counts = dict(
        ReviewSection.objects.filter(review__in=candidates)
        .order_by()
        .values_list("review")
        .annotate(n=Count("id"))
    )
    for review in candidates:
        problems = review.publication_problems(section_count=section_counts.get(review.pk, 0))
        if problems:
            outcome.refused[review] = problems
            continue
        review.status = Review.Status.PUBLISHED
        if at is not None:
            review.published_at = at
        elif review.published_at is None:
            review.published_at = now
        review.save(update_fields=["status", "published_at", "updated_at"])
        outcome.published.append(review)
    return outcome


@transaction.atomic
def unpublish_reviews(*, reviews: QuerySet[Review]) -> int:
    """Return reviews to draft; their publication time is kept for a later republish."""
    changed = 0
    for review in reviews.select_for_update():
        if review.status != Review.Status.DRAFT:
            review.status = Review.Status.DRAFT
            review.save(update_fields=["status", "updated_at"])
            changed += 1
    return changed


# --- import from text and export to Markdown ---------------------------------------------------

# How many catalogue films suggest_films offers at most.
MAX_SUGGESTIONS = 5


class ReviewImportError(ValueError):
    """A parsed draft cannot be saved; the message says why in an editor's words."""


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


def _unique_slug(model: type[models.Model], text: str, fallback: str, max_length: int) -> str:
    """A slug from text, with -2, -3... added when it is taken."""
    base = slugify(text)[: max_length - 8].strip("-") or fallback
    taken = set(
        model.objects.filter(slug__startswith=base).values_list("slug", flat=True).iterator()
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _import_notes(parsed: ParsedReview) -> str:
    """Private notes for editors: when it was imported, the original rating, parser warnings."""
    lines = [f"Imported from text on {timezone.now():%Y-%m-%d %H:%M %Z}."]
    if parsed.rating is not None:
        lines.append(f"Rating as written: {parsed.rating.original}")
    if parsed.notes:
        lines.append(parsed.notes)
    if parsed.warnings:
        lines.append("Import warnings:")
        lines.extend(f"- {warning}" for warning in parsed.warnings)
    return "\n".join(lines)


def _check_lengths(parsed: ParsedReview) -> None:
    """Refuse text that would not fit its column, rather than cut an editor's words."""
    if not parsed.headline.strip():
        raise ReviewImportError("The draft has no headline: put it on the first line.")
    limits = [("headline", parsed.headline, Review._meta.get_field("headline").max_length)]
    limits.append(
        (
            "verdict heading",
            parsed.verdict_heading,
            Review._meta.get_field("verdict_heading").max_length,
        )
    )
    heading_max = ReviewSection._meta.get_field("heading").max_length
    limits += [
        (f"section heading “{s.heading[:40]}…”", s.heading, heading_max) for s in parsed.sections
    ]
    for label, value, limit in limits:
        if len(value) > limit:
            raise ReviewImportError(
                f"The {label} is {len(value)} characters long; the limit is {limit}."
            )


@transaction.atomic
def create_review_from_parsed(
    *,
    parsed: ParsedReview,
    film: Film,
    author: AbstractBaseUser,
    publish: bool = False,
    slug: str | None = None,
) -> Review:
    """Save a parsed draft as a review with its sections: a draft, or published when asked."""
    _check_lengths(parsed)
    standfirst, intro = parsed.standfirst.strip(), parsed.intro
    standfirst_max = Review._meta.get_field("standfirst").max_length
    if len(standfirst) > standfirst_max:
        # Too long for a standfirst: keep the words as the intro's first paragraph instead.
        intro = f"{standfirst}\n\n{intro}".strip()
        standfirst = ""
    if slug is not None and Review.objects.filter(slug=slug).exists():
        raise ReviewImportError(f"A review with the address “{slug}” already exists.")
    review = Review(
        film=film,
        author=author,
        headline=parsed.headline.strip(),
        slug=slug or _unique_slug(Review, parsed.headline, "review", 220),
        standfirst=standfirst,
        intro=intro,
        rating=parsed.rating.half_stars if parsed.rating is not None else None,
        verdict_heading=parsed.verdict_heading.strip() or DEFAULT_VERDICT_HEADING,
        verdict=parsed.verdict,
        notes=_import_notes(parsed),
    )
    if publish:
        if not author.has_perm("reviews.publish_review"):
            raise ReviewImportError(
                f"{author.get_username()} may not publish reviews; import it as a draft."
            )
        problems = review.publication_problems(section_count=len(parsed.sections))
        if problems:
            raise ReviewImportError("Not published: " + " ".join(problems))
        review.status = Review.Status.PUBLISHED
        review.published_at = timezone.now()
    review.save()
    ReviewSection.objects.bulk_create(
        ReviewSection(
            review=review,
            position=position,
            heading=section.heading.strip(),
            body=section.body,
            body_html=markdown_to_html(section.body),
            contains_spoilers=section.contains_spoilers,
        )
        for position, section in enumerate(parsed.sections)
    )
    return review


@transaction.atomic
def create_film_from_hint(*, hint: FilmHint) -> Film:
    """Add the film a draft names to the catalogue, with its director credit when given."""
    title = " ".join(hint.title.split())
    if not title or hint.year is None:
        raise ReviewImportError(
            "A new film needs a title and a year; the draft names "
            f"{describe_hint(hint)}. Choose a catalogue film instead."
        )
    if not FIRST_FILM_YEAR <= hint.year <= LAST_FILM_YEAR:
        raise ReviewImportError(f"{hint.year} is not a plausible release year.")
    if len(title) > Film._meta.get_field("title").max_length:
        raise ReviewImportError("The film title is too long for the catalogue.")
    film = Film.objects.create(
        title=title,
        year=hint.year,
        slug=_unique_slug(Film, f"{title} {hint.year}", "film", 220),
    )
    name = " ".join(hint.director.split())
    if name:
        person = Person.objects.filter(name__iexact=name).first() or Person.objects.create(
            name=name, slug=_unique_slug(Person, name, "person", 220)
        )
        Credit.objects.create(film=film, person=person, role=Credit.Role.DIRECTOR)
    return film


def parsed_from_review(review: Review) -> ParsedReview:
    """A saved review in the parser's terms, for the Markdown export."""
    directors = [
        credit.person.name
        for credit in review.film.credits.all()
        if credit.role == Credit.Role.DIRECTOR
    ]
    rating = review.rating_value
    return ParsedReview(
        headline=review.headline,
        standfirst=review.standfirst,
        intro=review.intro,
        sections=[
            ParsedSection(s.heading, s.body, s.contains_spoilers) for s in review.sections.all()
        ],
        verdict_heading=review.verdict_heading,
        verdict=review.verdict,
        rating=None
        if rating is None
        else ParsedRating(rating.half_stars, rating.text, float(rating.value), 5.0),
        film=FilmHint(review.film.title, review.film.year, " and ".join(directors)),
    )


def export_markdown(review: Review) -> str:
    """The review in the canonical Markdown export format (reviews.parsing.render_markdown)."""
    return render_markdown(parsed_from_review(review))


def export_queryset(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """What export_markdown reads, fetched in a fixed number of queries."""
    return reviews.select_related("film").prefetch_related("sections", "film__credits__person")

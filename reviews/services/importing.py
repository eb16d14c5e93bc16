"""Importing reviews: a parsed draft becomes a review; a draft's film joins the catalogue."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from films.models import FIRST_FILM_YEAR, LAST_FILM_YEAR, Credit, Film, Person
from reviews.models import DEFAULT_VERDICT_HEADING, Review, ReviewSection
from reviews.parsing import FilmHint, ParsedReview
from reviews.services import publishing
from reviews.services.film_matching import describe_hint


class ReviewImportError(ValueError):
    """A parsed draft cannot be saved; the message says why in an editor's words."""


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
    actor: AbstractBaseUser | None = None,
) -> Review:
    """Save a parsed draft as a review with its sections: a draft, or published when asked.

    Both go through the publishing service; actor is who imports (None: the command line).
    """
    _check_lengths(parsed)
    standfirst, intro = parsed.standfirst.strip(), parsed.intro
    standfirst_max = Review._meta.get_field("standfirst").max_length
    if len(standfirst) > standfirst_max:
        # Too long for a standfirst: keep the words as the intro's first paragraph instead.
        intro = f"{standfirst}\n\n{intro}".strip()
        standfirst = ""
    if slug is not None and Review.objects.filter(slug=slug).exists():
        raise ReviewImportError(f"A review with the address “{slug}” already exists.")
    if publish and not author.has_perm("reviews.publish_review"):
        raise ReviewImportError(
            f"{author.get_username()} may not publish reviews; import it as a draft."
        )
    content = {
        "film_id": film.pk,
        "author_id": author.pk,
        "headline": parsed.headline.strip(),
        "slug": slug or _unique_slug(Review, parsed.headline, "review", 220),
        "standfirst": standfirst,
        "intro": intro,
        "rating": parsed.rating.half_stars if parsed.rating is not None else None,
        "verdict_heading": parsed.verdict_heading.strip() or DEFAULT_VERDICT_HEADING,
        "verdict": parsed.verdict,
        "sections": [
            {
                "heading": section.heading.strip(),
                "body": section.body,
                "contains_spoilers": section.contains_spoilers,
            }
            for section in parsed.sections
        ],
    }
    try:
        review = publishing.create_review(
            actor=actor,
            author=author,
            content=content,
            notes=_import_notes(parsed),
            comment="Imported from text.",
        )
        if publish:
            review = publishing.publish(
                review=review,
                actor=author,
                lock_version=review.version,
                comment="Published on import.",
            )
    except publishing.NotPublishable as exc:
        raise ReviewImportError("Not published: " + " ".join(exc.problems)) from exc
    except publishing.PublishingError as exc:
        raise ReviewImportError(str(exc)) from exc
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

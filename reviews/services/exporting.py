"""Exporting reviews as Markdown, in the importer's canonical format."""

from __future__ import annotations

from django.db.models import QuerySet

from films.models import Credit
from reviews.models import Review
from reviews.parsing import FilmHint, ParsedRating, ParsedReview, ParsedSection, render_markdown


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

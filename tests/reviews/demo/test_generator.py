"""The synthetic catalogue generator behind the benchmark (manage.py generate_catalogue)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min, Sum

from films.models import Credit, Film, Offer, Person, Theme
from reviews.demo.generator import GENERATED_EMAIL_DOMAIN
from reviews.models import CuratedList, FilmStats, ListEntry, Review, ReviewSection
from reviews.rendering import markdown_to_html
from reviews.search.results import search

SMALL = {"films": 30, "people": 90, "reviews": 120}


def generate(seed: int = 1, **options) -> str:
    out = StringIO()
    call_command("generate_catalogue", seed=seed, stdout=out, **{**SMALL, **options})
    return out.getvalue()


def snapshot() -> dict[str, list[tuple]]:
    """The generated content without ids or auto timestamps."""
    return {
        "films": list(
            Film.objects.order_by("slug").values_list(
                "slug", "title", "original_title", "year", "release_date", "runtime_minutes"
            )
        ),
        "genres": list(
            Film.objects.order_by("slug", "genres__slug").values_list("slug", "genres__slug")
        ),
        "credits": list(
            Credit.objects.order_by("film__slug", "role", "billing_order").values_list(
                "film__slug", "person__slug", "role", "character", "billing_order"
            )
        ),
        "reviews": list(
            Review.objects.order_by("slug").values_list(
                "slug", "film__slug", "author__username", "rating", "status", "published_at"
            )
        ),
        "sections": list(
            ReviewSection.objects.order_by("review__slug", "position").values_list(
                "review__slug", "position", "heading", "body"
            )
        ),
    }


def delete_generated() -> None:
    CuratedList.objects.all().delete()  # its entries protect their films
    ReviewSection.objects.all().delete()
    Review.objects.all().delete()
    Credit.objects.all().delete()
    Film.objects.all().delete()
    Person.objects.all().delete()
    get_user_model().objects.filter(email__endswith=f"@{GENERATED_EMAIL_DOMAIN}").delete()


@pytest.mark.django_db
def test_generates_the_requested_numbers():
    """Films, people and reviews come out in exactly the numbers asked for."""
    generate()
    assert (Film.objects.count(), Person.objects.count(), Review.objects.count()) == (30, 90, 120)


@pytest.mark.django_db
def test_counts_each_films_review_sums():
    """bulk_create sends no signals: the generator counts each film's sums itself."""
    generate()
    counted = {
        row["film"]: (row["n"], row["total"])
        for row in Review.objects.published()
        .values("film")
        .annotate(n=Count("*"), total=Sum("rating"))
        .order_by()
    }
    kept = {row.film_id: (row.review_count, row.rating_sum) for row in FilmStats.objects.all()}
    assert kept == counted and len(kept) > 10


@pytest.mark.django_db
def test_reports_counts_and_time():
    """The command says what it made and how long it took."""
    output = generate()
    assert "30 films" in output and "120 reviews" in output and " s." in output


@pytest.mark.django_db
def test_every_film_has_three_to_fifteen_credits():
    """Credits per film stay within the 3-15 range of a real cast and crew list."""
    generate()
    counts = Film.objects.annotate(n=Count("credits")).aggregate(low=Min("n"), high=Max("n"))
    assert counts["low"] >= 3 and counts["high"] <= 15


@pytest.mark.django_db
def test_every_film_has_a_director():
    """A film page always has someone to credit as director."""
    generate()
    assert not Film.objects.exclude(credits__role=Credit.Role.DIRECTOR).exists()


@pytest.mark.django_db
def test_no_film_has_more_than_twenty_reviews():
    """Reviews per film are capped at twenty."""
    generate(films=10, reviews=200)
    assert Film.objects.annotate(n=Count("reviews")).aggregate(m=Max("n"))["m"] == 20


@pytest.mark.django_db
def test_every_review_has_three_to_six_sections():
    """Each review carries 3-6 headed sections in order."""
    generate()
    counts = Review.objects.annotate(n=Count("sections")).aggregate(low=Min("n"), high=Max("n"))
    assert counts["low"] >= 3 and counts["high"] <= 6


@pytest.mark.django_db
def test_same_seed_gives_the_same_catalogue():
    """Two runs with one seed on an empty database produce identical content."""
    generate(seed=7)
    first = snapshot()
    delete_generated()
    generate(seed=7)
    assert snapshot() == first


@pytest.mark.django_db
def test_another_seed_gives_another_catalogue():
    """The seed actually drives the content."""
    generate(seed=1)
    first = snapshot()
    delete_generated()
    generate(seed=2)
    assert snapshot()["reviews"] != first["reviews"]


@pytest.mark.django_db
def test_ratings_are_half_stars_from_one_to_ten():
    """Every rating fits the half-star scale the site shows."""
    generate()
    ratings = set(Review.objects.exclude(rating=None).values_list("rating", flat=True))
    assert ratings and ratings <= set(range(1, 11))


@pytest.mark.django_db
def test_published_reviews_have_a_date_and_rating():
    """Published (and scheduled) reviews satisfy what the publishing rules require."""
    generate()
    published = Review.objects.filter(status=Review.Status.PUBLISHED)
    assert published.exists()
    assert not published.filter(published_at=None).exists()
    assert not published.filter(rating=None).exists()


@pytest.mark.django_db
def test_drafts_and_scheduled_reviews_are_present():
    """Some reviews are drafts and some are scheduled, so the public filter is exercised."""
    generate(reviews=400, films=40)
    assert Review.objects.drafts().exists()
    assert Review.objects.scheduled().exists()
    assert Review.objects.published().count() < Review.objects.count()


@pytest.mark.django_db
def test_markdown_is_rendered_to_html_on_insert():
    """Bulk inserts skip save(), so the generator stores the same HTML save() would."""
    generate()
    section = ReviewSection.objects.order_by("id").first()
    review = Review.objects.order_by("id").first()
    assert section.body_html and section.body_html == markdown_to_html(section.body)
    assert review.intro_html == markdown_to_html(review.intro)
    assert review.verdict_html == markdown_to_html(review.verdict)


@pytest.mark.django_db
def test_generated_reviews_are_found_by_search():
    """Bulk inserts send no signals, so the generator builds PostgreSQL's search vectors itself."""
    generate()
    review = Review.objects.published().order_by("id").first()
    results = search(review.headline)
    assert review in list(results.reviews.object_list)


@pytest.mark.django_db
def test_a_few_critics_write_far_more_than_the_rest():
    """Staff critics carry long bylines, as on a real magazine."""
    generate(films=100, people=300, reviews=1500)
    counts = sorted(
        get_user_model().objects.annotate(n=Count("reviews")).values_list("n", flat=True)
    )
    assert counts[-1] >= 3 * counts[len(counts) // 2]


@pytest.mark.django_db
def test_refuses_to_run_twice_on_one_database():
    """A second run without --append stops with a clear error instead of mixing catalogues."""
    generate()
    with pytest.raises(CommandError, match="already holds a generated catalogue"):
        generate()
    assert Film.objects.count() == 30


@pytest.mark.django_db
def test_append_adds_a_second_batch():
    """--append adds another batch with slugs that do not clash."""
    generate()
    generate(seed=1, append=True)
    assert Film.objects.count() == 60
    assert Review.objects.values("slug").distinct().count() == 240


@pytest.mark.django_db
def test_refuses_more_than_twenty_reviews_a_film():
    """Impossible sizes are refused before anything is written."""
    with pytest.raises(CommandError, match="at most 20 per film"):
        generate(films=2, reviews=41)
    assert not Film.objects.exists()


@pytest.mark.django_db
def test_discovery_content_comes_with_the_catalogue():
    """Themes on films and reviews, published and draft lists with entries, current offers and
    trailers: the discovery pages have something to show at any scale."""
    generate(films=300, people=600, reviews=900)
    assert Theme.objects.filter(films__isnull=False).distinct().count() >= 10
    assert Review.themes.through.objects.exists()
    assert CuratedList.objects.published().count() >= 2
    assert ListEntry.objects.values("curated_list").annotate(n=Count("id")).filter(n__gte=10)
    assert Offer.objects.current().values("region").distinct().count() >= 3
    assert Film.objects.exclude(trailer_url="").count() >= 30
    assert search("best of").lists  # lists are indexed for search too


@pytest.mark.django_db
def test_same_seed_gives_the_same_lists_and_themes():
    """Lists, their entries and the films' themes repeat with the seed."""

    def discovery() -> tuple[list, list]:
        entries = ListEntry.objects.order_by("curated_list__slug", "position").values_list(
            "curated_list__slug", "film__slug", "position"
        )
        themes = Film.themes.through.objects.order_by("film__slug", "theme__slug").values_list(
            "film__slug", "theme__slug"
        )
        return list(entries), list(themes)

    generate(seed=5)
    first = discovery()
    delete_generated()
    generate(seed=5)
    assert discovery() == first

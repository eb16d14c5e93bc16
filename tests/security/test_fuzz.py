"""Fuzzing with hypothesis: hostile query strings, slugs and form posts never cause a 500.

The test client re-raises any exception a view lets escape, so every example either gets an
answer below 500 or fails the test with the traceback.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.admin_forms import admin_form_data
from tests.factories import CreditFactory, ReviewFactory, ReviewSectionFactory

pytestmark = pytest.mark.django_db

EXAMPLES_PER_URL = 40
FUZZ = settings(
    max_examples=EXAMPLES_PER_URL,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PUBLIC_URLS = [
    "home",
    "films:film_list",
    "reviews:review_list",
    "search",
    "reviews:feed_rss",
    "reviews:feed_atom",
    "sitemap",
]
KNOWN_PARAMETERS = [
    "q", "page", "genre", "decade", "country", "language", "min_rating", "rating", "sort",
    "critic", "year", "order", "p", "stars",
]  # fmt: skip

hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "\x00", "%00", "-1", "0", "1e309", "NaN", "inf", "9" * 400, "-9" * 30,
            "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "☃" * 50,
            "\u202e", "\ud7ff", "a" * 5000, "[]", "{}", "null", " ", "%", "%%", "2024-13-45",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)  # fmt: skip

query = st.dictionaries(
    st.one_of(st.sampled_from(KNOWN_PARAMETERS), st.text(min_size=1, max_size=12)),
    st.one_of(hostile_text, st.lists(hostile_text, max_size=3)),
    max_size=5,
)


@pytest.fixture
def content(db):
    """A little of everything, so list pages, filters and detail pages have rows."""
    review = ReviewFactory()
    ReviewSectionFactory(review=review)
    CreditFactory(film=review.film)
    ReviewFactory(draft=True)
    return review


def assert_not_server_error(response) -> None:
    assert response.status_code < 500, response.status_code


@pytest.mark.parametrize("name", PUBLIC_URLS)
@FUZZ
@given(params=query)
def test_public_page_query_strings_never_500(client, content, name, params):
    """Random and hostile query strings on each public list page."""
    assert_not_server_error(client.get(reverse(name), params))


@pytest.mark.parametrize(
    "prefix", ["/films/", "/reviews/", "/people/", "/critics/", "/reviews/public/"]
)
@FUZZ
@given(slug=hostile_text, params=query)
def test_detail_slugs_never_500(client, content, prefix, slug, params):
    """Random path segments after each detail prefix: a page or a 404, never a 500."""
    path = prefix + quote(slug.replace("\x00", "%00"), safe="") + "/"
    assert_not_server_error(client.get(path, params))


ADMIN_FORMS = [
    "admin:reviews_review_add",
    "admin:films_film_add",
    "admin:films_person_add",
    "admin:films_genre_add",
    "admin:reviews_review_change",
    "admin:films_film_change",
]


@pytest.mark.parametrize("name", ADMIN_FORMS)
@FUZZ
@given(values=st.lists(hostile_text, min_size=1, max_size=60), junk=query)
def test_admin_form_posts_never_500(client, editor, content, name, values, junk):
    """Every field of each admin form gets random values (cycled), plus junk fields."""
    client.force_login(editor)
    args = []
    if name.endswith("_change"):
        args = [content.pk if "review" in name else content.film.pk]
    url = reverse(name, args=args)
    data = admin_form_data(client.get(url))
    fields = [k for k in data if not k.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "_NUM_FORMS"))]
    for i, key in enumerate(fields):
        data[key] = values[i % len(values)]
    assert_not_server_error(client.post(url, data | junk))


def test_superscript_digit_rating_is_a_form_error(client, editor, content):
    """Regression found by the fuzzer: "²" passes str.isdigit() but is no number."""
    client.force_login(editor)
    url = reverse("admin:reviews_review_change", args=[content.pk])
    data = admin_form_data(client.get(url)) | {"rating": "²"}
    assert client.post(url, data).status_code == 200


def test_overflowing_film_key_is_a_form_error(client, editor, content):
    """Regression found by the fuzzer: a key past 2**63 is a form error, not an overflow."""
    client.force_login(editor)
    url = reverse("admin:films_film_add")
    data = admin_form_data(client.get(url)) | {"original_language": str(2**63), "genres": ":"}
    assert client.post(url, data).status_code == 200

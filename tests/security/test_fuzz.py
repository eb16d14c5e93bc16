"""Fuzzing with hypothesis: hostile query strings, slugs and form posts never cause a 500.

The test client re-raises any exception a view lets escape, so every example either gets an
answer below 500 or fails the test with the traceback.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
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
# The admin URL and critic feed fuzzing: fewer examples each, so the file stays fast.
FUZZ_URLS = settings(FUZZ, max_examples=12)

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

# Path segments may also carry lone surrogates (sent as the invalid UTF-8 a client can write).
path_text = st.one_of(
    hostile_text, st.sampled_from(["\ud800", "a\udfffb", "\udbff\udc00", "\x00\ud800"])
)

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
@given(slug=path_text, params=query)
@example(slug="\x00", params={})
@example(slug="a\x00b", params={"page": str(2**70)})
def test_detail_slugs_never_500(client, content, prefix, slug, params):
    """Random path segments after each detail prefix: a page or a 404, never a 500."""
    path = prefix + quote(slug, safe="", errors="surrogatepass") + "/"
    assert_not_server_error(client.get(path, params))


@pytest.mark.parametrize("suffix", ["/", "/atom/"])
@FUZZ_URLS
@given(username=path_text)
@example(username="\x00")
def test_critic_feed_names_never_500(client, content, suffix, username):
    """Any user name in a critic feed's address: a feed or a 404."""
    path = "/feeds/critics/" + quote(username, safe="", errors="surrogatepass") + suffix
    assert_not_server_error(client.get(path))


ADMIN_LISTS = ["admin:reviews_review_changelist", "admin:films_film_changelist"]
ADMIN_LIST_PARAMETERS = [
    "q", "o", "p", "e", "published_at__year", "published_at__month", "published_at__day",
    "status__exact", "decade", "genres__id__exact", "author__id__exact", "film__id__exact",
]  # fmt: skip


@pytest.mark.parametrize("name", ADMIN_LISTS)
@FUZZ_URLS
@given(
    params=st.dictionaries(
        st.sampled_from(ADMIN_LIST_PARAMETERS), st.one_of(hostile_text, st.just("\x00"))
    )
)
@example(params={"published_at__year": "99999999999"})
@example(params={"q": "\x00"})
def test_admin_list_query_strings_never_500(client, editor, content, name, params):
    """The admin's change lists with hostile search, ordering, paging and filter values."""
    client.force_login(editor)
    assert_not_server_error(client.get(reverse(name), params))


ADMIN_OBJECT_PAGES = [
    "/admin/reviews/review/{}/change/",
    "/admin/reviews/review/{}/history/",
    "/admin/reviews/review/{}/history/compare/",
    "/admin/films/film/{}/history/",
    "/admin/films/person/{}/history/",
]


@pytest.mark.parametrize("template", ADMIN_OBJECT_PAGES)
@FUZZ_URLS
@given(object_id=path_text, params=query)
@example(object_id="\x00", params={"left": "\x00", "right": str(2**70)})
def test_admin_object_ids_never_500(client, editor, content, template, object_id, params):
    """Any object id (and compare parameters) in the admin's change, history and compare URLs."""
    client.force_login(editor)
    path = template.format(quote(object_id, safe="", errors="surrogatepass"))
    assert_not_server_error(client.get(path, params))


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [("films", "credit", "person"), ("reviews", "review", "film")],
)
@FUZZ_URLS
@given(term=hostile_text)
@example(term="\x00")
def test_admin_autocomplete_terms_never_500(
    client, editor, content, app_label, model_name, field_name, term
):
    """The autocomplete endpoint's search term."""
    client.force_login(editor)
    params = {"term": term, "app_label": app_label, "model_name": model_name}
    assert_not_server_error(
        client.get(reverse("admin:autocomplete"), params | {"field_name": field_name})
    )


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

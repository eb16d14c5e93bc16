"""Fuzzing with hypothesis: hostile query strings, slugs and form posts never cause a 500.

The test client re-raises any exception a view lets escape, so every example either gets an
answer below 500 or fails the test with the traceback. CI runs this file on SQLite and on
PostgreSQL (which refuses NUL in text where SQLite stores it). Query strings and form bodies
are encoded here as a client writes them, so NUL bytes, lone surrogates (invalid UTF-8 on the
wire) and integers past 2**63 reach the server as bytes, not as the test client's idea of them.
"""

from __future__ import annotations

import base64
import uuid
from urllib.parse import quote, urlencode

import pytest
from django.urls import URLPattern, URLResolver, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reviews.models import Review
from reviews.public import urls as public_urls
from tests.admin_forms import admin_form_data
from tests.factories import (
    CreditFactory,
    CuratedListFactory,
    ListEntryFactory,
    ReviewFactory,
    ReviewSectionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

EXAMPLES_PER_URL = 40
FUZZ = settings(
    max_examples=EXAMPLES_PER_URL,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The admin URL and critic feed fuzzing: fewer examples each, so the file stays fast.
FUZZ_URLS = settings(FUZZ, max_examples=12)


def _names_without_arguments(patterns, namespace: str = "") -> list[str]:
    """Every named public route that takes no argument, read from the URLconf itself."""
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _names_without_arguments(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            names.append(namespace + pattern.name)
    return names


# Read from the URLconf, so a new page is fuzzed without anyone remembering to add it.
PUBLIC_URLS = [*_names_without_arguments(public_urls.urlpatterns), "robots", "healthz"]
KNOWN_PARAMETERS = [
    "q", "page", "genre", "decade", "country", "language", "min_rating", "rating", "sort",
    "critic", "year", "order", "p", "stars", "letter", "director", "theme", "role", "region",
    "provider", "kind", "section",
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

# On the wire, text may also carry lone surrogates (sent as the invalid UTF-8 a client can
# write), NUL bytes anywhere and numbers too large for any integer column.
wire_text = st.one_of(
    hostile_text,
    st.sampled_from(["\ud800", "a\udfffb", "\udbff\udc00", "\x00\ud800", "a\x00b"]),
    st.text(st.characters(codec=None, categories=["Cs", "Cc"]), max_size=8),
    st.integers(min_value=2**63 - 2, max_value=2**63 + 2).map(str),
)
path_text = wire_text

query = st.dictionaries(
    st.one_of(st.sampled_from(KNOWN_PARAMETERS), st.text(min_size=1, max_size=12), wire_text),
    st.one_of(wire_text, st.lists(wire_text, max_size=3)),
    max_size=5,
)


def encoded(params: dict) -> str:
    """Parameters as a client writes them: UTF-8, lone surrogates included (surrogatepass)."""
    return urlencode(params, doseq=True, errors="surrogatepass")


def get(client, path: str, params: dict | None = None):
    """GET with the query string written byte for byte (surrogates included)."""
    return client.get(f"{path}?{encoded(params)}" if params else path)


def post(client, path: str, data: dict):
    """POST a urlencoded form body written byte for byte, as a browser would send it."""
    body = encoded(data).encode("ascii")
    return client.post(path, body, content_type="application/x-www-form-urlencoded")


@pytest.fixture
def content(db):
    """A little of everything, so list pages, filters and detail pages have rows."""
    review = ReviewFactory(author__username="mara")
    ReviewSectionFactory(review=review)
    CreditFactory(film=review.film)
    ReviewFactory(draft=True)
    theme = ThemeFactory(slug="night")
    review.film.themes.add(theme)
    ListEntryFactory(curated_list=CuratedListFactory(slug="picks"), film=review.film)
    return review


def assert_not_server_error(response) -> None:
    assert response.status_code < 500, response.status_code


@pytest.mark.parametrize("name", PUBLIC_URLS)
@FUZZ
@given(params=query)
@example(params={"q": "\x00"})
@example(params={"q": "a\x00b", "letter": "\x00", "page": str(2**70)})
@example(params={"\x00": "\ud800"})
def test_public_page_query_strings_never_500(client, content, name, params):
    """Random and hostile query strings on every public page that takes no argument."""
    assert_not_server_error(get(client, reverse(name), params))


def test_every_public_index_page_is_fuzzed():
    """The fuzzed list comes from the URLconf: the indexes missed by a hand-kept list are in it."""
    assert {"films:person_index", "reviews:critic_index", "reviews:list_index"} <= set(PUBLIC_URLS)


DETAIL_PAGES = [
    "/films/{film}/",
    "/reviews/{review}/",
    "/people/{person}/",
    "/critics/mara/",
    "/feeds/critics/mara/",
    "/feeds/critics/mara/atom/",
    "/lists/picks/",
    "/themes/night/",
    "/sitemap-reviews.xml",
]


@pytest.mark.parametrize("template", DETAIL_PAGES)
@FUZZ_URLS
@given(params=query)
@example(params={"page": "\x00", "q": "a\x00b"})
def test_detail_page_query_strings_never_500(client, content, template, params):
    """Hostile query strings on pages that exist (a page, a redirect or a 4xx)."""
    path = template.format(
        film=content.film.slug,
        review=content.slug,
        person=content.film.credits.first().person.slug,
    )
    assert_not_server_error(get(client, path, params))


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
    assert_not_server_error(get(client, path, params))


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
        st.sampled_from(ADMIN_LIST_PARAMETERS), st.one_of(wire_text, st.just("\x00"))
    )
)
@example(params={"published_at__year": "99999999999"})
@example(params={"q": "\x00"})
def test_admin_list_query_strings_never_500(client, editor, content, name, params):
    """The admin's change lists with hostile search, ordering, paging and filter values."""
    client.force_login(editor)
    assert_not_server_error(get(client, reverse(name), params))


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
    assert_not_server_error(get(client, path, params))


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [("films", "credit", "person"), ("reviews", "review", "film")],
)
@FUZZ_URLS
@given(term=wire_text)
@example(term="\x00")
def test_admin_autocomplete_terms_never_500(
    client, editor, content, app_label, model_name, field_name, term
):
    """The autocomplete endpoint's search term."""
    client.force_login(editor)
    params = {"term": term, "app_label": app_label, "model_name": model_name}
    assert_not_server_error(
        get(client, reverse("admin:autocomplete"), params | {"field_name": field_name})
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
@given(values=st.lists(wire_text, min_size=1, max_size=60), junk=query)
@example(values=["x\x00y"], junk={"_selected_action": "\x00"})
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
    assert_not_server_error(post(client, url, data | junk))


@pytest.mark.parametrize(
    "name", ["admin:reviews_review_autosave_new", "admin:reviews_review_autosave"]
)
@FUZZ_URLS
@given(values=st.lists(wire_text, min_size=1, max_size=60), junk=query)
@example(values=["x\x00y"], junk={})
def test_autosave_posts_never_500(client, editor, content, name, values, junk):
    """The desk's autosaves (the add form's, which creates the draft, and a review's own): every
    field of the form gets random values, the page's token stays valid; a 400, never a 500."""
    client.force_login(editor)
    creating = name.endswith("_new")
    form = reverse(
        "admin:reviews_review_add" if creating else "admin:reviews_review_change",
        args=[] if creating else [content.pk],
    )
    data = admin_form_data(client.get(form))
    fields = [k for k in data if not k.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "_NUM_FORMS"))]
    for i, key in enumerate(fields):
        data[key] = values[i % len(values)]
    # A fresh page each time (a token seen before answers with its draft, creating nothing).
    data["autosave_token"] = f"fuzz-{uuid.uuid4().hex}"
    if creating:
        data["film"] = str(content.film_id)  # else nearly every example stops at "no film"
    else:
        data["lock_version"] = str(Review.objects.get(pk=content.pk).version)
    url = reverse(name, args=[] if creating else [content.pk])
    assert_not_server_error(post(client, url, data | junk))


ADMIN_CHANGELISTS = [
    "admin:reviews_review_changelist",
    "admin:films_film_changelist",
    "admin:films_person_changelist",
    "admin:films_genre_changelist",
    "admin:reviews_curatedlist_changelist",
]


@pytest.mark.parametrize("name", ADMIN_CHANGELISTS)
@FUZZ_URLS
@given(selected=st.lists(wire_text, min_size=1, max_size=3), action=wire_text)
@example(selected=["\x00"], action="delete_selected")
@example(selected=[str(2**70)], action="delete_selected")
def test_admin_list_actions_never_500(client, editor, content, name, selected, action):
    """A list action posted with any selection and action name: a message, never a 500."""
    client.force_login(editor)
    data = {"action": action, "_selected_action": selected, "index": "0"}
    assert_not_server_error(post(client, reverse(name), data))


@FUZZ
@given(username=wire_text, password=wire_text)
@example(username="a\x00b", password="x")
@example(username="\ud800", password="\x00")
def test_login_posts_never_500(client, content, username, password):
    """The admin's sign-in form with any user name and password."""
    response = post(client, reverse("admin:login"), {"username": username, "password": password})
    assert_not_server_error(response)


@FUZZ
@given(text=wire_text, name=wire_text, payload=st.binary(max_size=200), kind=wire_text)
@example(text="Head\x00line", name="", payload=b"Headline\n\nText\x00", kind="text")
@example(text="", name="a.txt", payload=b"\xff\xfeH\x00\x00\x00", kind="file")
def test_import_posts_never_500(client, editor, content, text, name, payload, kind):
    """Both steps of "Import from text", with any text and a tampered step 2."""
    client.force_login(editor)
    url = reverse("admin:reviews_review_import")
    assert_not_server_error(post(client, url, {"text": text}))
    step_two = {
        "payload": base64.b64encode(payload).decode("ascii"),
        "kind": kind,
        "name": name,
        "other_film": content.film.slug,
    }
    assert_not_server_error(post(client, url, step_two | {"_confirm": "1"}))
    assert_not_server_error(post(client, url, step_two | {"_edit": "1"}))


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

"""NUL bytes and overflowing numbers in URLs and posts are a 4xx on every database, never a 500.

PostgreSQL refuses NUL in text (a DataError) where SQLite stores it, and dates past year 9999
overflow in Python: each of these was a 500 on PostgreSQL.
"""

from __future__ import annotations

import base64

import pytest
from django.contrib import admin
from django.urls import reverse

from reviews.models import Review
from reviews_project.admin_widgets import SafeChangeListMixin
from tests.admin_forms import admin_form_data
from tests.factories import CreditFactory, FilmFactory, ReviewFactory

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/critics/%00/",
    "/critics/a%00b/",
    "/feeds/critics/%00/",
    "/feeds/critics/%00/atom/",
    "/films/%00/",
    "/people/a%00/",
    "/reviews/%00/",
    "/lists/%00/",
    "/themes/%00/",
    "/search/?q=%00",
    "/films/?genre=%00&country=%00&language=%00",
    "/reviews/?critic=%00",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_nul_bytes_in_public_urls_are_not_server_errors(client, path):
    """A public URL with a NUL byte answers 4xx (or the page without it)."""
    ReviewFactory(author__username="mara")
    response = client.get(path)
    assert response.status_code < 500


ADMIN = [
    "/admin/autocomplete/?term=%00&app_label=films&model_name=credit&field_name=person",
    "/admin/autocomplete/?term=%00&app_label=reviews&model_name=review&field_name=film",
    "/admin/films/film/?q=%00",
    "/admin/reviews/review/?q=%00",
    "/admin/reviews/review/?published_at__year=99999999999",
    "/admin/reviews/review/?published_at__year=2024&published_at__month=99999999999",
    "/admin/reviews/review/?published_at__year=-1",
    "/admin/films/film/%00/change/",
    "/admin/films/film/%00/history/",
    "/admin/films/film/%00/history/compare/?left=%00&right=1",
    "/admin/films/person/%00/history/",
    "/admin/reviews/review/%00/history/",
    "/admin/reviews/review/%00/history/compare/?left=1&right=2",
]


@pytest.mark.parametrize("path", ADMIN)
def test_nul_bytes_and_overflows_in_admin_urls_are_not_server_errors(client, editor, path):
    """An editor's edited URL with a NUL byte or a huge number answers 4xx, 302 or the page."""
    client.force_login(editor)
    ReviewFactory()
    response = client.get(path)
    assert response.status_code < 500


def test_history_compare_with_nul_revision_ids(client, editor):
    """Revision ids in the compare view are checked before they reach the database."""
    client.force_login(editor)
    review = ReviewFactory()
    url = reverse("admin:reviews_review_compare", args=[review.pk])
    assert client.get(url, {"left": "\x00", "right": "9" * 30}).status_code < 500


@pytest.mark.parametrize("params", [{"q": "\x00"}, {"q": "a\x00b", "letter": "A"}])
def test_nul_in_people_index_search_is_ignored(client, params):
    """The people index's name search drops control characters before the query."""
    CreditFactory(person__name="Ana Lindqvist")
    response = client.get(reverse("films:person_index"), params)
    assert response.status_code == 200


@pytest.mark.parametrize("selected", ["\x00", "abc", str(2**70)])
@pytest.mark.parametrize(
    "name",
    [
        "admin:reviews_review_changelist",
        "admin:films_film_changelist",
        "admin:films_person_changelist",
        "admin:films_genre_changelist",
        "admin:reviews_curatedlist_changelist",
    ],
)
def test_list_action_on_a_selection_that_is_no_key(client, editor, name, selected):
    """A list action posted with a selection that is no key: a message, nothing deleted."""
    client.force_login(editor)
    review = ReviewFactory()
    data = {"action": "delete_selected", "_selected_action": [selected], "index": "0"}
    response = client.post(reverse(name), data, follow=True)
    assert response.status_code == 200
    assert "not understood" in response.content.decode()
    assert Review.objects.filter(pk=review.pk).exists()


def test_every_admin_survives_a_bad_selection():
    """Every model admin, ours and third-party ones alike, checks the selection before
    Django's pk__in query."""
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, SafeChangeListMixin), model._meta.label


@pytest.mark.parametrize(
    ("name", "has_actions"),
    [
        ("admin:auth_user_changelist", True),
        ("admin:auth_group_changelist", True),
        ("admin:axes_accessattempt_changelist", True),
        # Task results are read-only: no action at all, so Django ignores the post.
        ("admin:django_tasks_database_dbtaskresult_changelist", False),
    ],
)
@pytest.mark.parametrize("selected", ["\x00", "abc", str(2**70)])
def test_third_party_list_action_on_a_selection_that_is_no_key(
    admin_client, name, has_actions, selected
):
    """Users, groups, lock-out records and task results: the list again, never a 500."""
    data = {"action": "delete_selected", "_selected_action": [selected], "index": "0"}
    response = admin_client.post(reverse(name), data, follow=True)
    assert response.status_code == 200
    assert ("not understood" in response.content.decode()) is has_actions


@pytest.mark.parametrize(
    ("kind", "payload"),
    [("text", b"Headline\n\nIntro with a NUL\x00 byte."), ("file", b"\xff\xfeH\x00\x00\x00")],
)
def test_tampered_import_step_two_is_a_form_error(client, editor, kind, payload):
    """Step 2 of the import carrying a draft step 1 would refuse: the form again, an error."""
    client.force_login(editor)
    film = FilmFactory()
    data = {
        "_confirm": "1",
        "payload": base64.b64encode(payload).decode("ascii"),
        "kind": kind,
        "name": "",
        "other_film": film.slug,
    }
    response = client.post(reverse("admin:reviews_review_import"), data)
    assert response.status_code == 200
    assert "NUL" in response.content.decode()
    assert not Review.objects.exists()


def test_credit_renamed_to_a_new_person_shows_again_after_an_error(client, editor):
    """A credit given a new person's name, on a film form with another error, is shown again."""
    client.force_login(editor)
    credit = CreditFactory()
    url = reverse("admin:films_film_change", args=[credit.film.pk])
    data = admin_form_data(client.get(url))
    data |= {"credits-0-person_name": "Someone Not Yet Here", "credits-0-person": "", "year": "x"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors


@pytest.mark.parametrize("username", ["9" * 400, "x" * 151])
def test_overlong_user_name_at_sign_in_is_a_form_error(client, username):
    """A user name longer than any user's is refused by the form (the lock-out log holds 255)."""
    response = client.post(reverse("admin:login"), {"username": username, "password": "0"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]

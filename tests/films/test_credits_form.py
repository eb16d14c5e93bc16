"""Credits typed by name on the film form: people found or added without a pop-up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from films.models import Credit, Film, Person
from tests.factories import FilmFactory, PersonFactory
from tests.films.test_admin import ADD_URL, film_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def credit_rows(*rows: dict[str, object]) -> dict[str, object]:
    """The credits formset as the add page posts it: four preset rows, some filled in."""
    presets = [("director", 0), ("cast", 1), ("cast", 2), ("cast", 3)]
    data: dict[str, object] = {"credits-TOTAL_FORMS": str(max(len(rows), 4))}
    for i in range(max(len(rows), 4)):
        role, order = presets[i] if i < 4 else ("cast", i)
        data |= {f"credits-{i}-role": role, f"credits-{i}-billing_order": str(order)}
        data |= {
            f"credits-{i}-{key}": value for key, value in (rows[i] if i < len(rows) else {}).items()
        }
    return data


def test_new_film_form_offers_a_director_and_three_cast_rows(editor_client):
    """The add page starts with four credit rows, roles already chosen."""
    formset = editor_client.get(ADD_URL).context["inline_admin_formsets"][0].formset
    assert [form["role"].value() for form in formset.forms] == [
        "director",
        "cast",
        "cast",
        "cast",
    ]


def test_untouched_preset_rows_add_no_credits(editor_client):
    """A film saved without names has no credits (the preset roles alone are not a change)."""
    response = editor_client.post(ADD_URL, film_form_data(**credit_rows()))
    assert response.status_code == 302, response.context["errors"]
    assert not Credit.objects.exists()


def test_typed_names_credit_existing_people_and_add_new_ones(editor_client):
    """A known name (any case) is reused; an unknown one becomes a new person with a slug."""
    known = PersonFactory(name="Kelly Reichardt")
    data = film_form_data(
        **credit_rows(
            {"person_name": "kelly reichardt"},
            {"person_name": "Michelle Williams", "character": "Wendy"},
            {"person_name": "Will Patton"},
            {"person_name": "宮崎 あおい"},
        )
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]
    film = Film.objects.get()
    credits = list(film.credits.select_related("person").order_by("role", "billing_order"))
    assert [(c.role, c.person.name) for c in credits] == [
        ("cast", "Michelle Williams"),
        ("cast", "Will Patton"),
        ("cast", "宮崎 あおい"),
        ("director", "Kelly Reichardt"),
    ]
    assert credits[-1].person == known
    assert Person.objects.count() == 4
    assert Person.objects.get(name="宮崎 あおい").slug


def test_a_name_several_people_share_must_be_picked(editor_client):
    """Two people called the same: the form asks to pick; "Name (#id)" picks one."""
    PersonFactory(name="John Smith")
    second = PersonFactory(name="John Smith")
    response = editor_client.post(
        ADD_URL, film_form_data(**credit_rows({"person_name": "John Smith"}))
    )
    assert response.status_code == 200
    assert "Several people are called" in response.content.decode()
    assert not Film.objects.exists()

    picked = credit_rows({"person_name": f"John Smith (#{second.pk})"})
    response = editor_client.post(ADD_URL, film_form_data(**picked))
    assert response.status_code == 302
    assert Film.objects.get().credits.get().person == second


def test_existing_credit_shows_the_persons_name(editor_client):
    """On a saved film, each credit row shows the person's name to edit."""
    film = FilmFactory()
    film.credits.create(person=PersonFactory(name="Agnès Varda"), role="director")
    html = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()
    assert 'value="Agnès Varda"' in html

"""The admin's "Import from text" page: paste or upload, check the parsed review, save a draft."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from films.models import Credit, Film, Person
from reviews.models import Review
from tests.conftest import make_image_bytes
from tests.factories import CreditFactory, FilmFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

DRAFTS = Path(__file__).resolve().parents[1] / "drafts"
IMPORT_URL = reverse("admin:reviews_review_import")
CHANGELIST = reverse("admin:reviews_review_changelist")

# Our own draft: a bold-heading Markdown review with a list and a rating line.
PASTED = """\
The Lantern Keeper holds its nerve

*A lighthouse, a storm and a keeper who will not leave.*

“The Lantern Keeper” (2019), directed by Ana Quiroga, spends its first half hour on routine.

**Sound and weather**

Wind is the loudest character here, and the mix lets it be.

- the foghorn
- the kettle

**Verdict: ★★★½**

Patient, salty and worth the crossing.
"""


def step_two(client, text: str = PASTED):
    """Post the text to step 1 and return the confirmation page."""
    response = client.post(IMPORT_URL, {"text": text, "_parse": "1"})
    assert response.status_code == 200
    return response


def confirm_data(response, **extra: str) -> dict[str, str]:
    """The hidden fields of the confirmation form, plus the editor's choices."""
    form = response.context["form"]
    data = {name: str(form[name].value()) for name in ("payload", "kind", "name")}
    data["name"] = data["name"] if data["name"] != "None" else ""
    return {**data, "_confirm": "1", **extra}


def test_changelist_links_to_import(client, critic):
    """The review list has an "Import from text" button for users who may add reviews."""
    client.force_login(critic)
    page = client.get(CHANGELIST).content.decode()
    assert f'<a href="{IMPORT_URL}">Import from text</a>' in page


def test_import_page_renders_in_admin(client, critic):
    """Step 1 is an admin page with breadcrumbs, a text box and a file field."""
    client.force_login(critic)
    response = client.get(IMPORT_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<ol class="breadcrumbs">' in page
    assert 'name="text"' in page
    assert 'type="file" name="upload"' in page
    assert "<script>" not in page and "style=" not in page


def test_user_without_add_review_is_refused(client):
    """Staff who may only view reviews get 403 and no import button."""
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_review"))
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"text": PASTED, "_parse": "1"}).status_code == 403
    assert "Import from text" not in client.get(CHANGELIST).content.decode()


def test_anonymous_user_is_sent_to_login(client):
    """The page is behind the admin login."""
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_paste_shows_parsed_structure_before_saving(client, critic, lantern):
    """Step 2 shows headline, standfirst, sections, verdict, stars and the suggested film."""
    client.force_login(critic)
    response = step_two(client)
    page = response.content.decode()
    assert 'id="parsed-headline">The Lantern Keeper holds its nerve<' in page
    assert 'id="parsed-standfirst">A lighthouse, a storm and a keeper who will not leave.<' in page
    assert "<h3>Sound and weather</h3>" in page
    assert "<li>the foghorn</li>" in page
    assert 'id="parsed-verdict-heading">Verdict<' in page
    assert "<p>Patient, salty and worth the crossing.</p>" in page
    assert "★★★½☆" in page and "3.5 out of 5 stars" in page
    assert f'value="{lantern.pk}"' in page and "The Lantern Keeper (2019)" in page
    assert response.context["form"]["film"].value() == str(lantern.pk)
    assert Review.objects.count() == 0


def test_confirm_saves_draft_by_current_user(client, critic, lantern):
    """Confirming saves a draft authored by the editor, then opens its change page."""
    client.force_login(critic)
    response = client.post(IMPORT_URL, confirm_data(step_two(client), film=str(lantern.pk)))
    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:reviews_review_change", args=[review.pk])
    assert review.author == critic
    assert review.film == lantern
    assert review.status == Review.Status.DRAFT
    assert review.headline == "The Lantern Keeper holds its nerve"
    assert review.standfirst == "A lighthouse, a storm and a keeper who will not leave."
    assert review.intro.startswith("“The Lantern Keeper” (2019), directed by Ana Quiroga")
    assert [(s.heading, s.body) for s in review.sections.all()] == [
        (
            "Sound and weather",
            "Wind is the loudest character here, and the mix lets it be.\n\n"
            "- the foghorn\n- the kettle",
        )
    ]
    assert review.verdict_heading == "Verdict"
    assert review.verdict == "Patient, salty and worth the crossing."
    assert review.rating == 7
    assert "Rating as written: ★★★½" in review.notes
    page = client.get(response["Location"]).content.decode()
    assert "Imported “The Lantern Keeper holds its nerve” as a draft" in page


def test_confirm_reparses_and_ignores_posted_structure(client, critic, lantern):
    """Posted 'parsed' fields are ignored: the saved review comes from the carried text."""
    client.force_login(critic)
    data = confirm_data(step_two(client), film=str(lantern.pk))
    data |= {"headline": "Injected", "rating": "1", "author": "999"}
    client.post(IMPORT_URL, data)
    review = Review.objects.get()
    assert review.headline == "The Lantern Keeper holds its nerve"
    assert review.rating == 7
    assert review.author == critic


def test_text_survives_the_round_trip_byte_for_byte(client, critic):
    """The hidden payload holds exactly the pasted text, CRLF, NBSP and RTL included."""
    text = "عنوان — a headline\r\n\r\nA\u00a0paragraph with “quotes” that is long enough.\r\n"
    client.force_login(critic)
    response = step_two(client, text)
    payload = response.context["form"]["payload"].value()
    assert base64.b64decode(payload).decode("utf-8") == text


def test_edit_goes_back_with_the_text(client, critic):
    """ "Edit the text" returns to step 1 with the draft in the text box, nothing saved."""
    client.force_login(critic)
    data = confirm_data(step_two(client))
    del data["_confirm"]
    response = client.post(IMPORT_URL, {**data, "_edit": "1"})
    assert response.status_code == 200
    assert response.context["form"]["text"].value() == PASTED
    assert Review.objects.count() == 0


def test_confirm_without_a_film_asks_for_one(client, critic):
    """With no film chosen the confirmation page comes back with an error; nothing is saved."""
    client.force_login(critic)
    response = client.post(IMPORT_URL, confirm_data(step_two(client)))
    assert response.status_code == 200
    assert "Choose the film this review is about." in response.content.decode()
    assert Review.objects.count() == 0


def test_other_film_by_slug(client, critic):
    """A catalogue film that was not suggested can be given by its slug."""
    other = FilmFactory(slug="some-other-film")
    client.force_login(critic)
    client.post(IMPORT_URL, confirm_data(step_two(client), other_film="some-other-film"))
    assert Review.objects.get().film == other


def test_unknown_other_film_slug_is_an_error(client, critic):
    """A slug that names no film is reported on the confirmation page."""
    client.force_login(critic)
    response = client.post(IMPORT_URL, confirm_data(step_two(client), other_film="nope"))
    assert "No film has the slug “nope”." in response.content.decode()
    assert Review.objects.count() == 0


def test_new_film_is_created_from_the_draft(client, critic):
    """Choosing "create a new film" adds the film and its director, and files the review."""
    client.force_login(critic)
    response = step_two(client)
    assert "Create a new film: The Lantern Keeper (2019), directed by Ana Quiroga" in (
        response.content.decode()
    )
    client.post(IMPORT_URL, confirm_data(response, film="new"))
    film = Film.objects.get()
    assert (film.title, film.year, film.slug) == (
        "The Lantern Keeper",
        2019,
        "the-lantern-keeper-2019",
    )
    credit = Credit.objects.get(film=film)
    assert credit.role == Credit.Role.DIRECTOR
    assert credit.person.name == "Ana Quiroga"
    assert Review.objects.get().film == film


def test_new_film_reuses_an_existing_director(client, critic):
    """A director already in the catalogue is credited, not duplicated."""
    person = PersonFactory(name="Ana Quiroga")
    client.force_login(critic)
    client.post(IMPORT_URL, confirm_data(step_two(client), film="new"))
    assert Person.objects.get() == person


def test_new_film_not_offered_without_film_permissions(client, lantern):
    """Someone who may add reviews but not films is not offered to create one."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_review", "view_review"])
    )
    client.force_login(user)
    response = step_two(client)
    assert "Create a new film" not in response.content.decode()
    response = client.post(IMPORT_URL, confirm_data(response, film="new"))
    assert response.status_code == 200
    assert Film.objects.count() == 1 and Review.objects.count() == 0


def test_upload_markdown_file(client, editor):
    """An uploaded .md draft goes through the same check-then-save flow."""
    film = FilmFactory(title="Past Lives", slug="past-lives", year=2023)
    CreditFactory(film=film, person=PersonFactory(name="Celine Song"))
    upload = SimpleUploadedFile(
        "past-lives.md", (DRAFTS / "yaml_front_matter.md").read_bytes(), "text/markdown"
    )
    client.force_login(editor)
    response = client.post(IMPORT_URL, {"upload": upload, "_parse": "1"})
    assert "Read from past-lives.md." in response.content.decode()
    assert [s["heading"] for s in response.context["parsed"]["sections"]] == [
        "Writing that refuses melodrama",
        "Performances",
    ]
    client.post(IMPORT_URL, confirm_data(response, film=str(film.pk)))
    review = Review.objects.get()
    assert review.author == editor
    assert review.rating == 9
    assert review.standfirst == "A tender, grown-up romance about the people we might have been."
    assert review.sections.count() == 2


def test_upload_windows_1252_file_keeps_its_accents(client, critic, lantern):
    """An upload in Windows-1252 is decoded the same way on both steps."""
    text = PASTED.replace("Ana Quiroga, spends", "Ana Quiroga, spends café time")
    text = text.replace("★★★½", "3.5/5")  # Windows-1252 has no star glyphs.
    upload = SimpleUploadedFile("old.txt", text.encode("cp1252"), "text/plain")
    client.force_login(critic)
    response = client.post(IMPORT_URL, {"upload": upload, "_parse": "1"})
    client.post(IMPORT_URL, confirm_data(response, film=str(lantern.pk)))
    assert "spends café time" in Review.objects.get().intro


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("poster.png", make_image_bytes((8, 8), "PNG"), "is not a text file"),
        ("poster.txt", make_image_bytes((8, 8), "PNG"), "This looks like a PNG image file"),
        ("big.txt", b"Headline\n\n" + b"word " * 210_000, "is too large"),
        ("blank.md", b"  \n\n ", "The draft is empty"),
        ("headings.md", b"# Headline\n\n## One\n\n## Two\n", "no paragraphs of text"),
        (
            "rating.md",
            b"Headline\n\nA paragraph of text.\n\n## Verdict\n\nRating: 6/5\n",
            "out of range",
        ),
    ],
)
def test_bad_upload_is_explained(client, critic, name, content, problem):
    """A bad file comes back to step 1 with an error saying what is wrong; no 500, no save."""
    client.force_login(critic)
    response = client.post(IMPORT_URL, {"upload": SimpleUploadedFile(name, content), "_parse": "1"})
    assert response.status_code == 200
    assert problem in response.content.decode()
    assert response.templates[0].name == "admin/reviews/review/import_form.html"
    assert Review.objects.count() == 0


def test_empty_paste_is_explained(client, critic):
    """Submitting nothing asks for text."""
    client.force_login(critic)
    response = client.post(IMPORT_URL, {"text": "  \n ", "_parse": "1"})
    assert "The draft is empty: paste the review text or choose a file." in (
        response.content.decode()
    )


def test_paste_and_upload_together_is_refused(client, critic):
    """Both a paste and a file is ambiguous, so the editor is asked to choose."""
    client.force_login(critic)
    upload = SimpleUploadedFile("a.md", PASTED.encode())
    response = client.post(IMPORT_URL, {"text": PASTED, "upload": upload, "_parse": "1"})
    assert "Paste the text or upload a file, not both." in response.content.decode()


def test_pasted_error_keeps_the_text(client, critic):
    """A paste the parser rejects comes back in the text box, so no words are lost."""
    client.force_login(critic)
    text = "# Headline only\n\n## A heading\n"
    response = client.post(IMPORT_URL, {"text": text, "_parse": "1"})
    assert "no paragraphs of text" in response.content.decode()
    assert response.context["form"]["text"].value() == text


def test_damaged_payload_does_not_500(client, critic):
    """A tampered hidden field is reported and step 1 shown again."""
    client.force_login(critic)
    response = client.post(
        IMPORT_URL, {"payload": "!!not base64!!", "kind": "text", "film": "1", "_confirm": "1"}
    )
    assert response.status_code == 200
    assert "The draft was damaged in transit" in response.content.decode()
    assert Review.objects.count() == 0


def test_confirm_page_sanitises_html_in_the_draft(client, critic):
    """Scripts and event handlers in a pasted draft never reach the confirmation page."""
    text = (
        "A headline\n\nAn intro <script>alert(1)</script> paragraph of text.\n\n"
        '## Verdict\n\n<img src=x onerror="alert(2)"> Rating: 4/5 and good.\n'
    )
    client.force_login(critic)
    page = step_two(client, text).content.decode()
    assert "<script>alert" not in page
    assert "<img" not in page


def test_conflicting_ratings_are_shown_as_warnings(client, critic):
    """Parser warnings (here two overall ratings) are shown before saving."""
    client.force_login(critic)
    page = step_two(client, (DRAFTS / "conflicting_ratings.md").read_text()).content.decode()
    assert re.search(r'<li class="warning">Conflicting overall ratings', page)


def test_import_is_recorded_in_history(client, critic, lantern):
    """The saved draft has a first revision by the importer, labelled as an import."""
    client.force_login(critic)
    client.post(IMPORT_URL, confirm_data(step_two(client), film=str(lantern.pk)))
    [version] = Version.objects.get_for_object(Review.objects.get())
    assert version.revision.user == critic
    assert version.revision.comment == "Imported from text."


def test_upload_name_is_kept_when_confirmation_fails(client, critic):
    """Coming back to step 2 with an error still says which file the draft came from."""
    upload = SimpleUploadedFile("lantern.md", PASTED.encode("utf-8"), "text/markdown")
    client.force_login(critic)
    response = client.post(IMPORT_URL, {"upload": upload, "_parse": "1"})
    response = client.post(IMPORT_URL, confirm_data(response))
    assert "Choose the film this review is about." in response.content.decode()
    assert "Read from lantern.md." in response.content.decode()


def test_confirmation_page_explains_where_the_rating_came_from(client, critic):
    """A page whose rating is a star image says so before anything is saved."""
    page = (
        "<article><h1>A Western That Takes Its Time</h1>"
        '<p><img src="/stars-4.png" alt="4 Stars (out of 5)"></p>'
        "<p>It rides slowly, and it is all the better for it.</p>"
        "<h2>Verdict</h2><p>A handsome western.</p></article>"
    )
    upload = SimpleUploadedFile("western.html", page.encode(), "text/html")
    client.force_login(critic)
    response = client.post(IMPORT_URL, {"upload": upload, "_parse": "1"})
    decisions = re.search(r'id="import-decisions">(.*?)</div>', response.text, re.S)
    assert decisions is not None
    assert "Rating taken from the star image&#x27;s description" in decisions.group(1)


def test_edit_goes_back_with_an_uploaded_cyrillic_file_readable(client, critic):
    """A Windows-1251 upload comes back to the text box in Cyrillic, as step 2 read it."""
    text = "Тихая гавань\n\nЭто очень хороший фильм о любви, море и маяке. Смотрите его.\n"
    upload = SimpleUploadedFile("review.txt", text.encode("cp1251"), "text/plain")
    client.force_login(critic)
    data = confirm_data(client.post(IMPORT_URL, {"upload": upload, "_parse": "1"}))
    del data["_confirm"]
    response = client.post(IMPORT_URL, {**data, "_edit": "1"})
    assert response.context["form"]["text"].value() == text

"""The writing desk's server side: reading order, side panel, badge, names, slugs, search."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from films.models import Credit
from reviews.models import Review
from reviews.services import publishing
from reviews.services.content import content_of
from tests.factories import (
    CreditFactory,
    FilmFactory,
    PersonFactory,
    ReviewFactory,
    ReviewSectionFactory,
    UserFactory,
)
from tests.reviews.admin.test_review_admin import (
    ADD_URL,
    change_url,
    existing_sections_data,
    review_form_data,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reviews_review_changelist")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _position(html: str, marker: str) -> int:
    index = html.find(marker)
    assert index >= 0, marker
    return index


def test_form_follows_the_reviews_reading_order(editor_client):
    """Film, headline, standfirst, intro, sections, verdict heading, verdict, rating, in order."""
    review = ReviewFactory()
    ReviewSectionFactory(review=review, heading="First movement")
    html = editor_client.get(change_url(review)).content.decode()
    markers = [
        'name="film"',
        'name="headline"',
        'name="standfirst"',
        'name="intro"',
        'name="sections-0-heading"',
        'name="verdict_heading"',
        'name="verdict"',
        'name="rating"',
    ]
    positions = [_position(html, marker) for marker in markers]
    assert positions == sorted(positions)


def test_publishing_fields_and_notes_sit_in_the_side_panel(editor_client):
    """State, schedule, author, slug and private notes are inside the panel, not the main column."""
    html = editor_client.get(change_url(ReviewFactory())).content.decode()
    panel = html[_position(html, 'class="desk__panel"') :]
    main = html[_position(html, 'class="desk__main"') : _position(html, 'class="desk__panel"')]
    for name in ["status", "published_at_0", "author", "slug", "notes"]:
        assert f'name="{name}"' in panel
        assert f'name="{name}"' not in main


def _badge(html: str) -> str:
    found = re.search(r'id="desk-state">([^<]*)<', html)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    ("traits", "badge"),
    [
        ({"draft": True}, "Draft"),
        ({"status": Review.Status.SUBMITTED, "published_at": None}, "Submitted"),
        ({"scheduled": True}, "Scheduled for "),
        ({}, "Live"),
    ],
)
def test_change_page_shows_the_state_badge(editor_client, traits, badge):
    """The badge says Draft, Submitted, Scheduled for <time>, or Live."""
    html = editor_client.get(change_url(ReviewFactory(**traits))).content.decode()
    assert _badge(html).startswith(badge)
    assert _badge(html) == badge or badge.endswith(" ")


def test_badge_of_a_live_review_with_a_working_copy_says_so(editor_client, editor):
    """Live, with edits not yet published: "Live with unpublished changes"."""
    review = ReviewFactory()
    publishing.save_content(
        review=review,
        actor=editor,
        content={**content_of(review), "intro": "Edited."},
        lock_version=review.version,
    )
    assert _badge(editor_client.get(change_url(review)).content.decode()) == (
        "Live with unpublished changes"
    )


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York"])
def test_scheduled_badge_gives_the_time_in_the_editors_zone(editor_client, settings, zone):
    """Scheduled for 24 Dec 2030, 18:00 with the zone's name, in the site's time zone."""
    settings.TIME_ZONE = zone
    at = datetime(2030, 12, 24, 18, 0, tzinfo=ZoneInfo(zone))
    review = ReviewFactory(published_at=at)
    label = _badge(editor_client.get(change_url(review)).content.decode())
    assert label == f"Scheduled for 24 Dec 2030, 18:00 {'GMT' if 'London' in zone else 'EST'}"


def test_view_on_site_only_when_readers_can_see_it(editor_client):
    """A live review links to its page; a draft has only the preview."""
    live = ReviewFactory()
    draft = ReviewFactory(draft=True)
    assert "viewsitelink" in editor_client.get(change_url(live)).content.decode()
    assert "viewsitelink" not in editor_client.get(change_url(draft)).content.decode()


def test_author_menu_lists_critics_by_full_name(editor_client):
    """The byline menu shows "Leila Hatami", not the username "leila"."""
    UserFactory(username="leila", first_name="Leila", last_name="Hatami", is_staff=True)
    html = editor_client.get(ADD_URL).content.decode()
    select = html[_position(html, 'name="author"') :]
    select = select[: select.index("</select>")]
    assert ">Leila Hatami</option>" in select
    assert ">leila</option>" not in select


def _new_review(film, editor, **overrides) -> dict[str, object]:
    return review_form_data(film, author=editor.pk, status="draft", **overrides)


def test_japanese_headline_gets_a_usable_slug(editor_client, editor):
    """A headline in Japanese with the slug left empty saves, with a transliterated slug."""
    film = FilmFactory()
    data = _new_review(film, editor, headline="港の灯り", slug="")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    review = Review.objects.get(headline="港の灯り")
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", review.slug)
    assert review.slug == "gang-no-deng-ri"


def test_headline_without_letters_falls_back_to_the_films_slug(editor_client, editor):
    """Nothing to transliterate: the film's slug, numbered when taken."""
    film = FilmFactory(slug="harbour-lights-2025")
    ReviewFactory(film=film, slug="harbour-lights-2025")
    response = editor_client.post(ADD_URL, _new_review(film, editor, headline="★★★", slug=""))
    assert response.status_code == 302
    assert Review.objects.get(headline="★★★").slug == "harbour-lights-2025-2"


def test_admin_search_finds_a_review_by_its_films_director(editor_client):
    """Searching "Kiarostami" finds reviews of his films, not of films he only acted in."""
    directed = FilmFactory(title="Close-Up")
    acted = FilmFactory(title="Some Other Film")
    person = PersonFactory(name="Abbas Kiarostami")
    CreditFactory(film=directed, person=person, role=Credit.Role.DIRECTOR)
    CreditFactory(film=acted, person=person, role=Credit.Role.CAST)
    wanted = ReviewFactory(film=directed, headline="A film about a film")
    ReviewFactory(film=acted, headline="Not his film")
    response = editor_client.get(CHANGELIST, {"q": "abbas kiarostami"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_admin_search_finds_a_review_by_the_critics_full_name(editor_client):
    """Searching the critic's surname finds their reviews."""
    critic = UserFactory(username="leila", first_name="Leila", last_name="Hatami")
    wanted = ReviewFactory(author=critic)
    ReviewFactory()
    response = editor_client.get(CHANGELIST, {"q": "Hatami"})
    assert list(response.context["cl"].result_list) == [wanted]


def _live_preview_url(review: Review) -> str:
    return reverse("admin:reviews_review_live_preview", args=[review.pk])


def test_live_preview_renders_the_posted_words_without_saving_them(editor_client):
    """The preview shows typed text on the public template; the stored review is unchanged."""
    review = ReviewFactory(headline="Stored headline")
    ReviewSectionFactory(review=review, heading="Stored section")
    data = {
        "headline": "Typed headline",
        "intro": "Typed *intro*.",
        "rating": "7",
        "sections-TOTAL_FORMS": "2",
        "sections-0-heading": "Second by position",
        "sections-0-body": "Body two.",
        "sections-0-position": "1",
        "sections-1-heading": "First by position",
        "sections-1-body": "Body one.",
        "sections-1-position": "0",
    }
    response = editor_client.post(_live_preview_url(review), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Typed headline" in html
    assert "<em>intro</em>" in html
    assert html.index("First by position") < html.index("Second by position")
    assert "Stored section" not in html
    review.refresh_from_db()
    assert review.headline == "Stored headline"
    assert [s.heading for s in review.sections.all()] == ["Stored section"]


def test_live_preview_may_be_framed_by_the_admin_only(editor_client):
    """The preview is framed by the change form: same origin only, never cached."""
    response = editor_client.post(_live_preview_url(ReviewFactory()), {"headline": "x"})
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_live_preview_of_another_critics_review_is_refused(client, critic, other_critic):
    """A critic cannot preview (and so read) another critic's draft."""
    client.force_login(critic)
    theirs = ReviewFactory(author=other_critic, draft=True)
    assert client.post(_live_preview_url(theirs), {"headline": "x"}).status_code == 403


def _autosave_url(review: Review) -> str:
    return reverse("admin:reviews_review_autosave", args=[review.pk])


def _typed(review: Review, **fields) -> dict[str, str]:
    data = {
        "headline": review.headline,
        "standfirst": review.standfirst,
        "intro": review.intro,
        "verdict_heading": review.verdict_heading,
        "verdict": review.verdict,
        "rating": str(review.rating or ""),
        "lock_version": str(review.version),
        "sections-TOTAL_FORMS": "1",
        "sections-0-heading": "Typed section",
        "sections-0-body": "Typed body.",
        "sections-0-position": "0",
    }
    data.update(fields)
    return data


def test_autosave_keeps_typed_words_without_a_revision(client, critic):
    """The draft row holds what was typed; no revision is recorded; the new version comes back."""
    from reversion.models import Version

    client.force_login(critic)
    review = ReviewFactory(author=critic, draft=True, headline="Stored")
    before = Version.objects.get_for_object(review).count()
    response = client.post(_autosave_url(review), _typed(review, intro="Typed while autosaving."))
    assert response.status_code == 200, response.content
    review.refresh_from_db()
    assert review.intro == "Typed while autosaving."
    assert [s.heading for s in review.sections.all()] == ["Typed section"]
    assert response.json()["version"] == review.version
    assert Version.objects.get_for_object(review).count() == before


def test_autosave_with_a_stale_lock_is_refused_and_overwrites_nothing(client, critic):
    """Someone saved since the page opened: 409, and their words stay."""
    client.force_login(critic)
    review = ReviewFactory(author=critic, draft=True, intro="Their words.")
    stale = _typed(review, intro="Mine.", lock_version=str(review.version - 1))
    response = client.post(_autosave_url(review), stale)
    assert response.status_code == 409
    review.refresh_from_db()
    assert review.intro == "Their words."


def test_autosave_of_another_critics_review_is_refused(client, critic, other_critic):
    client.force_login(critic)
    theirs = ReviewFactory(author=other_critic, draft=True, intro="Theirs.")
    assert client.post(_autosave_url(theirs), _typed(theirs, intro="x")).status_code == 403
    theirs.refresh_from_db()
    assert theirs.intro == "Theirs."


def test_autosave_of_a_section_without_its_heading_is_a_400_not_a_500(client, critic):
    """A body typed before its heading: not saved yet (no row may lack a heading), and said so."""
    client.force_login(critic)
    review = ReviewFactory(author=critic, draft=True, intro="Stored.")
    response = client.post(
        _autosave_url(review), _typed(review, intro="Typed.", **{"sections-0-heading": " "})
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith("A section needs a heading: not saved yet")
    review.refresh_from_db()
    assert review.intro == "Stored."


def test_autosave_of_a_null_character_is_a_400_not_a_500(client, critic):
    """PostgreSQL keeps no NUL in text: said, not a server error (SQLite would have kept it)."""
    client.force_login(critic)
    review = ReviewFactory(author=critic, draft=True, intro="Stored.")
    response = client.post(_autosave_url(review), _typed(review, intro="a\x00b"))
    assert response.status_code == 400
    assert response.json()["error"].startswith("The text holds a null character")
    review.refresh_from_db()
    assert review.intro == "Stored."


def test_change_form_calls_autosave(editor_client):
    """The desk's scripts are given the autosave address of the review being edited."""
    review = ReviewFactory(draft=True)
    html = editor_client.get(change_url(review)).content.decode()
    assert f'data-autosave-url="{_autosave_url(review)}"' in html


def _saved(client, review: Review, **fields) -> None:
    """Save the change form (as the editor's Save button does) with the typed fields."""
    data = {**existing_sections_data(review), **_typed(review, **fields)}
    data.update(
        {
            "film": review.film_id,
            "author": review.author_id,
            "slug": review.slug,
            "status": review.status,
            "notes": "",
            "sections-TOTAL_FORMS": str(review.sections.count()),
        }
    )
    for i, section in enumerate(review.sections.order_by("position")):
        data[f"sections-{i}-heading"] = section.heading
        data[f"sections-{i}-body"] = section.body
        data[f"sections-{i}-position"] = str(i)
    data.update(fields)
    response = client.post(change_url(review), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    review.refresh_from_db()


def _last_save(review: Review, actor) -> None:
    """An editor's save through the service (a revision): what autosaves are newer than."""
    publishing.save_content(
        review=review,
        actor=actor,
        content={**content_of(review), "standfirst": "As saved."},
        lock_version=review.version,
    )
    review.refresh_from_db()


def test_save_after_autosaves_records_one_revision(client, critic):
    """Autosaves write no revision; the editor's Save then records one, with the autosaved words."""
    from reversion.models import Version

    client.force_login(critic)
    review = ReviewFactory(author=critic, draft=True)
    ReviewSectionFactory(review=review, heading="The look")
    _last_save(review, critic)
    before = Version.objects.get_for_object(review).count()
    for words in ("First thought.", "First thought. Second thought."):
        review.refresh_from_db()
        answer = client.post(_autosave_url(review), _typed(review, intro=words)).json()
        assert answer["version"] == review.version + 1
    assert Version.objects.get_for_object(review).count() == before
    review.refresh_from_db()
    _saved(client, review, intro="First thought. Second thought.")
    assert Version.objects.get_for_object(review).count() == before + 1
    assert review.intro == "First thought. Second thought."


def test_save_after_an_autosave_removed_a_section_row_is_not_refused(client, critic):
    """The page still names a section row autosave deleted: the save goes through all the same."""
    client.force_login(critic)
    review = ReviewFactory(author=critic, draft=True)
    first = ReviewSectionFactory(review=review, heading="First", position=0)
    second = ReviewSectionFactory(review=review, heading="Second", position=1)
    opened = existing_sections_data(review)
    only_second = {
        "sections-TOTAL_FORMS": "1",
        "sections-0-heading": "Second",
        "sections-0-body": second.body,
    }
    assert client.post(_autosave_url(review), _typed(review, **only_second)).status_code == 200
    assert list(review.sections.values_list("pk", flat=True)) == [first.pk]
    review.refresh_from_db()
    data = {
        **_typed(review),
        **opened,
        "lock_version": str(review.version),
        "film": review.film_id,
        "author": review.author_id,
        "slug": review.slug,
        "status": review.status,
        "notes": "",
        "sections-0-DELETE": "on",
        "sections-1-heading": "Second, renamed",
    }
    response = client.post(change_url(review), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [s.heading for s in review.sections.all()] == ["Second, renamed"]


def test_reopening_after_an_autosave_offers_it_with_the_differences(client, critic):
    """An autosave newer than the last save: the form says so, and shows what it changed."""
    client.force_login(critic)
    review = ReviewFactory(author=critic, draft=True, intro="Saved words.")
    _last_save(review, critic)
    review.refresh_from_db()
    assert "desk-autosave-offer" not in client.get(change_url(review)).content.decode()
    client.post(_autosave_url(review), _typed(review, intro="Autosaved words."))
    html = client.get(change_url(review)).content.decode()
    offer = html[_position(html, 'id="desk-autosave-offer"') :]
    assert "more recent than its last save" in offer
    assert "<del>- Saved words.</del>" in offer
    assert "<ins>+ Autosaved words.</ins>" in offer


def test_discarding_the_autosave_goes_back_to_the_last_save(client, critic):
    """Discard: the review's words are the last save's again, and no revision is recorded."""
    from reversion.models import Version

    client.force_login(critic)
    review = ReviewFactory(author=critic, draft=True, intro="Saved words.")
    ReviewSectionFactory(review=review, heading="Kept")
    _last_save(review, critic)
    review.refresh_from_db()
    client.post(_autosave_url(review), _typed(review, intro="Autosaved words."))
    review.refresh_from_db()
    revisions = Version.objects.get_for_object(review).count()
    discard = reverse("admin:reviews_review_discard_autosave", args=[review.pk])
    response = client.post(discard, {"lock_version": review.version})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.intro == "Saved words."
    assert [s.heading for s in review.sections.all()] == ["Kept"]
    assert Version.objects.get_for_object(review).count() == revisions
    assert "desk-autosave-offer" not in client.get(change_url(review)).content.decode()


def test_autosave_of_a_live_review_keeps_readers_version_and_purges_nothing(
    client, editor, django_capture_on_commit_callbacks
):
    """A live review's autosave goes to its working copy: readers' words stay, nothing is sent."""
    client.force_login(editor)
    review = ReviewFactory(intro="Readers' words.")
    with django_capture_on_commit_callbacks() as callbacks:
        answer = client.post(_autosave_url(review), _typed(review, intro="Editing."))
    assert answer.status_code == 200
    assert answer.json()["badge"] == "Live with unpublished changes"
    assert callbacks == []
    review.refresh_from_db()
    assert review.intro == "Readers' words."
    assert review.working_copy.content["intro"] == "Editing."


def test_a_new_review_can_be_saved_and_submitted_at_once(client, critic):
    """ "Save and submit to the editors" on the add form: a submitted review, not a draft."""
    client.force_login(critic)
    assert 'name="_submit"' in client.get(ADD_URL).content.decode()
    response = client.post(ADD_URL, {**review_form_data(FilmFactory()), "_submit": "1"})
    assert response.status_code == 302
    review = Review.objects.get(slug="shoes-that-carried-a-family")
    assert review.status == Review.Status.SUBMITTED
    assert review.author == critic


def test_discarding_a_live_reviews_autosave_keeps_its_saved_changes(client, editor):
    """A live review's autosave is offered on reopening; discarding keeps the saved changes."""
    client.force_login(editor)
    review = ReviewFactory(intro="Readers' words.")
    _last_save(review, editor)
    review.refresh_from_db()
    client.post(_autosave_url(review), _typed(review, intro="Half-written edit."))
    html = client.get(change_url(review)).content.decode()
    assert "<ins>+ Half-written edit.</ins>" in html[_position(html, 'id="desk-autosave-offer"') :]
    review.refresh_from_db()
    discard = reverse("admin:reviews_review_discard_autosave", args=[review.pk])
    assert client.post(discard, {"lock_version": review.version}).status_code == 302
    review.refresh_from_db()
    assert review.intro == "Readers' words."
    working = publishing.working_content(review)
    assert (working["intro"], working["standfirst"]) == ("Readers' words.", "As saved.")
    assert "desk-autosave-offer" not in client.get(change_url(review)).content.decode()


# --- the add form's first autosave creates the draft (publishing.create_review) ---

AUTOSAVE_NEW = reverse("admin:reviews_review_autosave_new")
TOKEN = "page-token-0123456789abcdef"


def _typed_new(film, **fields) -> dict[str, object]:
    """What the add form's autosave posts: the form as typed so far, and the page's token."""
    data = review_form_data(film, autosave_token=TOKEN)
    del data["rating"]
    return {**data, **fields}


def test_first_autosave_on_the_add_form_creates_the_draft(client, critic):
    """Film and headline given: a draft through the service, its change address and version back."""
    from reversion.models import Version

    client.force_login(critic)
    film = FilmFactory()
    response = client.post(AUTOSAVE_NEW, _typed_new(film, intro="Typed before any Save."))
    assert response.status_code == 200, response.content
    answer = response.json()
    review = Review.objects.get()
    assert answer["id"] == review.pk
    assert answer["change_url"] == change_url(review)
    assert answer["autosave_url"] == _autosave_url(review)
    assert answer["lock_version"] == answer["version"] == review.version
    assert answer["badge"] == "Draft"
    assert (review.film, review.author, review.status) == (film, critic, Review.Status.DRAFT)
    assert review.slug == "shoes-that-carried-a-family"
    assert review.intro == "Typed before any Save."
    assert [s.heading for s in review.sections.all()] == ["The city", "Performances"]
    [version] = Version.objects.get_for_object(review)
    assert version.revision.comment == "Created as a draft by autosave."


def test_add_form_is_given_the_create_address_and_a_token(client, critic):
    client.force_login(critic)
    html = client.get(ADD_URL).content.decode()
    assert f'data-autosave-create-url="{AUTOSAVE_NEW}"' in html
    token = re.search(r'data-autosave-create-token="([^"]+)"', html).group(1)
    assert len(token) >= 16
    assert token not in client.get(ADD_URL).content.decode()  # one per page


def test_save_after_the_autosave_created_the_draft_keeps_one_review(client, critic):
    """The page then posts to the change address, with its rows still unnumbered: one review."""
    client.force_login(critic)
    film = FilmFactory()
    answer = client.post(AUTOSAVE_NEW, _typed_new(film)).json()
    saved = review_form_data(
        film, lock_version=answer["lock_version"], intro="Saved at last.", _save="Save"
    )
    response = client.post(answer["change_url"], saved)
    assert response.status_code == 302, response.context["adminform"].form.errors
    review = Review.objects.get()
    assert review.intro == "Saved at last."
    assert [s.heading for s in review.sections.all()] == ["The city", "Performances"]
    assert client.get(answer["change_url"]).status_code == 200


def test_the_same_page_token_gets_the_same_draft(client, critic):
    """A retry (its answer lost) or a second call from one page creates nothing more."""
    client.force_login(critic)
    film = FilmFactory()
    first = client.post(AUTOSAVE_NEW, _typed_new(film)).json()
    again = client.post(AUTOSAVE_NEW, _typed_new(film, headline="Another headline"))
    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert Review.objects.count() == 1
    other_page = client.post(
        AUTOSAVE_NEW, _typed_new(film, autosave_token="another-page-token-0001")
    )
    assert other_page.json()["id"] != first["id"]
    assert Review.objects.count() == 2


def test_another_users_token_does_not_hand_over_their_draft(client, critic, other_critic):
    client.force_login(critic)
    film = FilmFactory()
    mine = client.post(AUTOSAVE_NEW, _typed_new(film)).json()
    client.force_login(other_critic)
    theirs = client.post(AUTOSAVE_NEW, _typed_new(film)).json()
    assert theirs["id"] != mine["id"]
    assert Review.objects.get(pk=theirs["id"]).author == other_critic


def test_a_critic_autosaving_a_new_review_writes_under_their_own_byline(
    client, critic, other_critic
):
    client.force_login(critic)
    answer = client.post(AUTOSAVE_NEW, _typed_new(FilmFactory(), author=other_critic.pk)).json()
    assert Review.objects.get(pk=answer["id"]).author == critic


def test_an_editor_autosaving_a_new_review_may_give_a_critics_byline(client, editor, critic):
    client.force_login(editor)
    answer = client.post(AUTOSAVE_NEW, _typed_new(FilmFactory(), author=critic.pk)).json()
    assert Review.objects.get(pk=answer["id"]).author == critic


def test_autosave_create_without_permission_to_write_is_refused(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    response = client.post(AUTOSAVE_NEW, _typed_new(FilmFactory()))
    assert response.status_code == 403
    assert response.json()["error"] == "You may not write reviews."
    assert not Review.objects.exists()


def test_autosave_create_answers_only_a_post(client, critic):
    client.force_login(critic)
    assert client.get(AUTOSAVE_NEW).status_code == 405


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"film": ""}, "Choose the film and give a headline"),
        ({"film": "99999999"}, "Choose the film and give a headline"),
        ({"film": "１２"}, "Choose the film and give a headline"),
        ({"headline": "   "}, "Choose the film and give a headline"),
        ({"headline": "x" * 400}, "The headline is over"),
        ({"sections-0-heading": ""}, "A section needs a heading"),
        ({"sections-0-heading": "h" * 300}, "A section heading is over"),
        ({"intro": "a\x00b"}, "The text holds a null character"),
        ({"sections-1-body": "\x00"}, "The text holds a null character"),
        ({"notes": "\x00"}, "The notes hold a null character"),
        ({"autosave_token": ""}, "Not saved: reload the page"),
        ({"autosave_token": "short"}, "Not saved: reload the page"),
        ({"autosave_token": "<script>alert(1)</script>-xxxxxxxx"}, "Not saved: reload the page"),
        ({"sections-TOTAL_FORMS": "abc"}, None),
        ({"author": "9" * 30}, None),
        ({"slug": "Ünïcode slug ✓"}, None),
    ],
)
def test_bad_input_to_autosave_create_is_a_400_with_the_reason(client, critic, fields, message):
    """Never a 500: what is missing or too long is said, and nothing is created."""
    client.force_login(critic)
    response = client.post(AUTOSAVE_NEW, {**_typed_new(FilmFactory()), **fields})
    if message is None:  # odd but harmless input: a draft all the same
        assert response.status_code == 200, response.content
        assert Review.objects.count() == 1
        return
    assert response.status_code == 400, response.content
    assert response.json()["error"].startswith(message)
    assert "kept on this device" in response.json()["error"]
    assert not Review.objects.exists()


def test_a_refused_create_frees_the_token_for_the_next_try(client, critic):
    client.force_login(critic)
    film = FilmFactory()
    assert client.post(AUTOSAVE_NEW, _typed_new(film, headline="")).status_code == 400
    assert client.post(AUTOSAVE_NEW, _typed_new(film)).status_code == 200
    assert Review.objects.count() == 1


def test_autosave_create_with_a_taken_slug_numbers_it(client, critic):
    client.force_login(critic)
    ReviewFactory(slug="shoes-that-carried-a-family")
    answer = client.post(AUTOSAVE_NEW, _typed_new(FilmFactory())).json()
    assert Review.objects.get(pk=answer["id"]).slug == "shoes-that-carried-a-family-2"


def test_autosave_create_of_a_japanese_headline_transliterates_the_slug(client, critic):
    client.force_login(critic)
    answer = client.post(AUTOSAVE_NEW, _typed_new(FilmFactory(), headline="港の灯り", slug=""))
    assert Review.objects.get(pk=answer.json()["id"]).slug == "gang-no-deng-ri"

"""Who may open which admin page: every admin URL × six roles × five review states.

The matrix is generated from the admin's URL resolver, so a new admin view that is not in
EXPECTED fails test_every_admin_url_is_in_the_matrix. Each cell is one GET as that role; the
expected answer is written here from the roles' rules (docs in reviews.services.publishing),
not read back from the code. A refused cell must also not show anything private (a critic's
headline or notes) in its body; nor may any page a critic opens show a colleague's review.
The data is built once and every cell reuses it (force_login, no per-cell setup).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, reverse
from django.utils import timezone
from reversion.models import Version

from films.models import Country, Genre, Language, Provider, Theme
from reviews.models import CriticProfile, CuratedList, Review, ReviewSection, ReviewWorkingCopy
from tests.factories import FilmFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "critic_owner", "critic_other", "editor", "superuser"]
STATES = ["draft", "submitted", "scheduled", "live", "live_with_changes"]

# Pages about one review, asked for in each state; the rest are asked for once per role.
REVIEW_PAGES = {
    "reviews/review/<path:object_id>/change/",
    "reviews/review/<path:object_id>/",
    "reviews/review/<path:object_id>/history/",
    "reviews/review/<path:object_id>/history/compare/",
    "reviews/review/^([^/]+)/history/(\\d+)/$",
    "reviews/review/<path:object_id>/delete/",
    "reviews/review/<int:object_id>/preview/",
    "reviews/review/^recover/(\\d+)/$",
}

STAFF = {"critic_owner", "critic_other", "editor", "superuser"}
EDITORS = {"editor", "superuser"}
CRITICS = {"critic_owner", "critic_other"}
EVERYONE = set(ROLES)
NOBODY: set[str] = set()
SUPERUSER = {"superuser"}


def _catalogue(model: str, *, critics_add: bool) -> dict[str, set[str]]:
    """A catalogue model's pages: editors do everything; critics look (and add films/people)."""
    base = f"films/{model}/"
    readers = STAFF  # critics may look at the catalogue they review
    pages = {
        base: readers,
        f"{base}add/": (EDITORS | CRITICS) if critics_add else EDITORS,
        f"{base}<path:object_id>/change/": readers,  # read-only for critics
        f"{base}<path:object_id>/": STAFF,
        f"{base}<path:object_id>/history/": readers,
        f"{base}<path:object_id>/delete/": EDITORS,
    }
    if model in ("film", "person"):
        pages |= {
            f"{base}<path:object_id>/history/compare/": readers,
            f"{base}^([^/]+)/history/(\\d+)/$": readers,  # critics see it read-only
            f"{base}^recover/$": EDITORS,
            f"{base}^recover/(\\d+)/$": EDITORS,
        }
    return pages


def _superuser_only(prefix: str, *, extra: tuple[str, ...] = ()) -> dict[str, set[str]]:
    pages = dict.fromkeys(
        [
            prefix,
            f"{prefix}add/",
            f"{prefix}<path:object_id>/change/",
            f"{prefix}<path:object_id>/history/",
            f"{prefix}<path:object_id>/delete/",
            *extra,
        ],
        SUPERUSER,
    )
    # The bare object address only redirects to its change page, which checks permissions.
    pages[f"{prefix}<path:object_id>/"] = STAFF
    return pages


# Axes keeps its own records (nobody adds them by hand); whether record 1 exists depends on the
# logins so far, so the superuser's answer on an axes record page is not asserted.
AXES = {}
SUPERUSER_EITHER_WAY = set()
for name in (
    "axes/accessattempt",
    "axes/accesslog",
    "axes/accessfailurelog",
    "django_tasks_database/dbtaskresult",  # the task queue's results: also kept by the system
):
    AXES |= _superuser_only(f"{name}/")
    SUPERUSER_EITHER_WAY.add(f"{name}/add/")
    AXES[f"{name}/add/"] = NOBODY
    for suffix in (
        "<path:object_id>/change/",
        "<path:object_id>/history/",
        "<path:object_id>/delete/",
    ):
        AXES[f"{name}/{suffix}"] = NOBODY
        SUPERUSER_EITHER_WAY.add(f"{name}/{suffix}")

# Who may open each admin URL (for review pages: in every state, see review_expected()).
EXPECTED: dict[str, set[str]] = {
    "": STAFF,
    "login/": {"anonymous", "reader"},  # staff are sent on to the index
    "logout/": NOBODY,  # POST only
    "password_change/": STAFF,
    "password_change/done/": STAFF,
    "autocomplete/": NOBODY,  # needs its query (and then answers per model permissions)
    "jsi18n/": STAFF,
    # Django's redirect to the public address (which answers 404 for what readers cannot see).
    "r/<path:content_type_id>/<path:object_id>/": STAFF,
    "^(?P<app_label>auth|axes|django_tasks_database|films|reviews)/$": STAFF,
    "(?P<url>.*)$": NOBODY,
    **_superuser_only("auth/group/"),
    **_superuser_only("auth/user/", extra=("auth/user/<id>/password/",)),
    **AXES,
    **_catalogue("film", critics_add=True),
    **_catalogue("person", critics_add=True),
    **_catalogue("genre", critics_add=False),
    **_catalogue("country", critics_add=False),
    **_catalogue("language", critics_add=False),
    **_catalogue("theme", critics_add=False),
    **_catalogue("provider", critics_add=False),
    # Curated lists are the editors' own work.
    "reviews/curatedlist/": EDITORS,
    "reviews/curatedlist/add/": EDITORS,
    "reviews/curatedlist/<path:object_id>/change/": EDITORS,
    "reviews/curatedlist/<path:object_id>/history/": EDITORS,
    "reviews/curatedlist/<path:object_id>/delete/": EDITORS,
    "reviews/curatedlist/<path:object_id>/": STAFF,
    # Critic profiles: each critic their own (the owner has one; the other may add theirs).
    "reviews/criticprofile/": STAFF,
    "reviews/criticprofile/add/": EDITORS | {"critic_other"},
    "reviews/criticprofile/<path:object_id>/change/": EDITORS | {"critic_owner"},
    "reviews/criticprofile/<path:object_id>/history/": EDITORS | {"critic_owner"},
    "reviews/criticprofile/<path:object_id>/delete/": SUPERUSER,
    "reviews/criticprofile/<path:object_id>/": STAFF,
    "reviews/review/": STAFF,
    "reviews/review/add/": STAFF,
    "reviews/review/import/": STAFF,
    "reviews/review/markdown-preview/": NOBODY,  # POST only
    "reviews/review/<int:object_id>/live-preview/": NOBODY,  # POST only
    "reviews/review/autosave-new/": NOBODY,  # POST only
    "reviews/review/<int:object_id>/autosave/": NOBODY,  # POST only
    "reviews/review/<int:object_id>/discard-autosave/": NOBODY,  # POST only
    "reviews/review/^recover/$": STAFF,
    **dict.fromkeys(REVIEW_PAGES, NOBODY),  # see review_expected()
}


def review_expected(pattern: str, role: str) -> bool:
    """A critic's review pages: its author and the editors, in every state; delete: editors."""
    if pattern.endswith("/delete/"):
        return role in EDITORS
    if pattern.endswith("<path:object_id>/"):
        return role in STAFF  # only a redirect to the change page, which checks
    return role in EDITORS | {"critic_owner"}


def admin_patterns() -> list[str]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    return [_apps_in_order(pattern) for pattern in walk(admin.site.urls[0])]


def _apps_in_order(pattern: str) -> str:
    """The app index pattern lists the apps in registration order, which depends on what the
    test run imported first: named here in alphabetical order."""
    return re.sub(
        r"\(\?P<app_label>([^)]*)\)",
        lambda m: "(?P<app_label>" + "|".join(sorted(m.group(1).split("|"))) + ")",
        pattern,
    )


def private_markers(state: str) -> list[str]:
    return [f"Owner{state}Headline", f"Owner{state}Notes", f"Owner{state}Working"]


def _review(owner, film, state: str, *, headline: str) -> Review:
    now = timezone.now()
    status = {"draft": "draft", "submitted": "submitted"}.get(state, "published")
    review = Review.objects.create(
        film=film,
        author=owner,
        headline=headline,
        slug=f"{state.replace('_', '-')}-{headline[-4:].lower()}-review",
        standfirst="A standfirst.",
        rating=8,
        verdict="A verdict.",
        notes=f"Owner{state}Notes kept for editors.",
        status=status,
        published_at=None
        if status != "published"
        else now + timedelta(days=3)
        if state == "scheduled"
        else now - timedelta(days=1),
    )
    ReviewSection.objects.create(review=review, heading="One", body="Body.")
    return review


@pytest.fixture
def world(django_user_model):
    """Every role, a review of the owner's in each state (two revisions each), the catalogue."""
    critics, editors = Group.objects.get(name="Critic"), Group.objects.get(name="Editor")
    users = {
        "reader": UserFactory(username="reader"),
        "critic_owner": UserFactory(username="owner", is_staff=True),
        "critic_other": UserFactory(username="other", is_staff=True),
        "editor": UserFactory(username="editor", is_staff=True),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    users["critic_owner"].groups.add(critics)
    users["critic_other"].groups.add(critics)
    users["editor"].groups.add(editors)
    film = FilmFactory(title="Matrix film")
    objects = {
        "film": film,
        "person": PersonFactory(),
        "genre": Genre.objects.create(name="Matrix genre", slug="matrix-genre"),
        "country": Country.objects.first() or Country.objects.create(code="IR"),
        "language": Language.objects.first() or Language.objects.create(code="fa", name="Persian"),
        "user": users["reader"],
        "theme": Theme.objects.create(name="Matrix theme", slug="matrix-theme"),
        "provider": Provider.objects.create(name="Matrix provider", slug="matrix-provider"),
        "curatedlist": CuratedList.objects.create(
            title="Matrix list", slug="matrix-list", author=users["editor"]
        ),
        "criticprofile": CriticProfile.objects.create(user=users["critic_owner"], bio="A bio."),
        "group": critics,
    }
    reviews, deleted = {}, {}
    for state in STATES:
        review = _review(users["critic_owner"], film, state, headline=f"Owner{state}Headline")
        for comment in ("First.", "Second."):
            with reversion.create_revision():
                reversion.set_comment(comment)
                reversion.add_to_revision(review)
        if state == "live_with_changes":
            ReviewWorkingCopy.objects.create(
                review=review,
                content={"headline": f"Owner{state}Working", "sections": []},
            )
        reviews[state] = review
        gone = _review(users["critic_owner"], film, state, headline=f"Owner{state}Headline gone")
        with reversion.create_revision():
            reversion.add_to_revision(gone)
        gone_pk = gone.pk
        gone.delete()
        deleted[state] = Version.objects.get_deleted(Review).get(object_id=str(gone_pk))
    for model in (film, objects["person"]):
        for _ in range(2):
            with reversion.create_revision():
                reversion.add_to_revision(model)
    for factory in (FilmFactory, PersonFactory):
        gone = factory()
        with reversion.create_revision():
            reversion.add_to_revision(gone)
        gone_pk, model = gone.pk, type(gone)
        gone.delete()
        deleted[model._meta.model_name] = Version.objects.get_deleted(model).get(
            object_id=str(gone_pk)
        )
    return {"users": users, "objects": objects, "reviews": reviews, "deleted": deleted}


def _url(pattern: str, world, state: str | None) -> str:
    """The pattern with real ids (and the compare page's two revisions)."""
    prefix = reverse("admin:index")
    objects = world["objects"]
    review = world["reviews"][state] if state else None
    path = pattern
    if pattern.startswith("reviews/review/") and review is not None:
        versions = list(Version.objects.get_for_object(review).order_by("pk"))
        path = path.replace("^recover/(\\d+)/$", f"recover/{world['deleted'][state].pk}/")
        path = path.replace("^([^/]+)/history/(\\d+)/$", f"{review.pk}/history/{versions[0].pk}/")
        path = path.replace("<path:object_id>", str(review.pk))
        path = path.replace("<int:object_id>", str(review.pk))
        if path.endswith("/compare/"):
            path += f"?a={versions[0].pk}&b={versions[1].pk}"
        return prefix + path
    if pattern.startswith("r/"):
        ct = ContentType.objects.get_for_model(Review)
        target = world["reviews"][state or "live"]
        return prefix + f"r/{ct.pk}/{target.pk}/"
    model = pattern.split("/")[1] if pattern.count("/") >= 2 else ""
    obj = objects.get(model)
    if obj is not None:
        registered = reversion.is_registered(type(obj))
        versions = list(Version.objects.get_for_object(obj).order_by("pk")) if registered else []
        if versions:
            path = path.replace("^([^/]+)/history/(\\d+)/$", f"{obj.pk}/history/{versions[0].pk}/")
            if path.endswith("/compare/"):
                path = path.replace("<path:object_id>", str(obj.pk))
                path += f"?a={versions[0].pk}&b={versions[-1].pk}"
        if model in world["deleted"]:
            gone = world["deleted"][model].pk
            path = path.replace("^recover/(\\d+)/$", f"recover/{gone}/")
        path = path.replace("<path:object_id>", str(obj.pk)).replace("<id>", str(obj.pk))
    else:
        path = path.replace("<path:object_id>", "1").replace("<int:object_id>", "1")
    path = path.replace("^recover/$", "recover/").replace(
        "^(?P<app_label>auth|axes|django_tasks_database|films|reviews)/$", "reviews/"
    )
    path = path.replace("(?P<url>.*)$", "no-such-page/")
    return prefix + path


def _allowed(response) -> bool | None:
    """Whether the page opened (None: a server error)."""
    if response.status_code >= 500:
        return None
    if response.status_code == 302:
        location = response["Location"]
        return not (
            location.startswith(reverse("admin:login")) or location == reverse("admin:index")
        )
    return response.status_code == 200


def test_every_admin_url_is_in_the_matrix():
    """A new admin view fails here until its row of the matrix is written."""
    missing = [p for p in admin_patterns() if p not in EXPECTED]
    assert not missing, f"admin URLs with no expected permissions: {missing}"


def test_permission_matrix(client, world):
    """Every admin URL, every role, every review state: the expected answer, nothing private."""
    wrong, cells = [], 0
    patterns = admin_patterns()
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        for pattern in patterns:
            review_page = pattern in REVIEW_PAGES or pattern.startswith("r/")
            for state in STATES if review_page else [None]:
                cells += 1
                response = client.get(_url(pattern, world, state))
                allowed = _allowed(response)
                if pattern in REVIEW_PAGES:
                    expected = review_expected(pattern, role)
                else:
                    expected = role in EXPECTED[pattern]
                if role == "superuser" and pattern in SUPERUSER_EITHER_WAY and allowed is not None:
                    expected = allowed
                if allowed is not expected:
                    wrong.append(f"{role:13} {state or '-':18} {pattern}: {response.status_code}")
                    continue
                if role in {"anonymous", "reader", "critic_other"}:
                    body = response.content.decode(errors="replace")
                    leaked = [m for s in STATES for m in private_markers(s) if m in body]
                    if leaked:
                        wrong.append(f"{role:13} {state or '-':18} {pattern}: shows {leaked}")
    print(f"permission matrix: {cells} cells, {len(wrong)} wrong")
    assert not wrong, f"{len(wrong)} of {cells} cells wrong:\n" + "\n".join(wrong)

"""A generated catalogue survives export_site then import_site: every table, users, history."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import models
from django.utils import timezone
from reversion.models import Revision, Version

from films.models import Film
from reviews import backup
from reviews.models import CuratedList, FilmStats, Review
from reviews.services import publishing
from reviews.services.content import content_of
from tests.factories import (
    CuratedListFactory,
    ListEntryFactory,
    OfferFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
TABLES = [*backup.CONTENT_MODELS, *backup.HISTORY_MODELS, User, Group]


@pytest.fixture
def catalogue(editor, critic, django_capture_on_commit_callbacks):
    """A small generated catalogue, then what editors add by hand: history included."""
    call_command("generate_catalogue", films=12, people=30, reviews=20, seed=7, batch_size=50)
    reader = UserFactory(username="never-wrote", email="quiet@example.org")
    reader.groups.add(Group.objects.get(name="Critic"))
    User.objects.filter(pk=reader.pk).update(last_login=timezone.now() - timedelta(days=3))
    film = Film.objects.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        words = {
            "standfirst": "Written at the desk.",
            "intro": "An *intro*.",
            "rating": 7,
            "verdict": "Worth it.",
            "sections": [{"heading": "Light", "body": "Lit well.", "contains_spoilers": False}],
        }
        draft = Review(film=film, headline="By hand", slug="by-hand")
        review = publishing.create_review(actor=critic, content=content_of(draft) | words)
        review = publishing.publish(review=review, actor=editor, lock_version=review.version)
        publishing.save_content(
            review=review,
            actor=critic,
            content=content_of(review) | {"standfirst": "Pending words."},
            lock_version=review.version,
        )
        publishing.add_correction(review=review, actor=editor, note="A date was wrong.")
    theme = ThemeFactory(slug="night")
    film.themes.add(theme)
    review.themes.add(theme)
    ListEntryFactory(curated_list=CuratedListFactory(author=editor), film=film)
    OfferFactory(film=film)
    assert Revision.objects.count() >= 3 and Version.objects.exists()
    return review


def _user_links(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is User and not f.many_to_many
    ]


def snapshot() -> dict[str, list]:
    """Every row of every table that matters; user ids as usernames (users get new ids)."""
    usernames = dict(User.objects.values_list("pk", "username"))
    data: dict[str, list] = {}
    for model in TABLES:
        rows = list(model.objects.order_by("pk").values())
        for row in rows:
            for link in _user_links(model):
                row[link.attname] = usernames.get(row[link.attname])
            if model is User:
                row.pop("id")
            if model is Version:
                stored = json.loads(row["serialized_data"])
                kind = apps.get_model(stored[0]["model"])
                for obj in stored:
                    for link in _user_links(kind):
                        obj["fields"][link.name] = usernames.get(obj["fields"].get(link.name))
                row["serialized_data"] = stored
        for m2m in model._meta.many_to_many:
            for row, obj in zip(rows, model.objects.order_by("pk"), strict=True):
                row[m2m.name] = sorted(str(o) for o in getattr(obj, m2m.name).all())
        if model is User:
            rows.sort(key=lambda row: row["username"])
        data[model._meta.label] = rows
    return data


def wipe() -> None:
    """A freshly migrated database: no content, no history, only the roles migrations seed."""
    for model in [*backup.HISTORY_MODELS, *reversed(backup.CONTENT_MODELS), User]:
        model.objects.all().delete()


def test_generated_catalogue_round_trip_keeps_every_table(catalogue, tmp_path, settings):
    """Every content table, every user (groups, last login), revisions and versions: equal."""
    before = snapshot()
    assert len(before["auth.User"]) > 5
    assert any(u["username"] == "never-wrote" for u in before["auth.User"])
    call_command("export_site", str(tmp_path / "backup"))
    wipe()
    settings.MEDIA_ROOT = tmp_path / "new-media"
    call_command("import_site", str(tmp_path / "backup"))
    after = snapshot()
    for label, rows in before.items():
        if label == "auth.User":  # restored users must set a password: compare the rest
            rows = [{k: v for k, v in row.items() if k != "password"} for row in rows]
            after[label] = [{k: v for k, v in r.items() if k != "password"} for r in after[label]]
        assert len(rows) == len(after[label]), label
        for old, new in zip(rows, after[label], strict=True):
            assert old == new, (
                label,
                {k: (v, new.get(k)) for k, v in old.items() if v != new.get(k)},
            )


def test_restore_counts_each_films_review_sums_again(catalogue, tmp_path):
    """The sums the front page ranks by are not in the backup: the restore recounts them."""
    before = list(FilmStats.objects.order_by("film").values_list())
    assert before
    call_command("export_site", str(tmp_path / "backup"))
    wipe()
    assert not FilmStats.objects.exists()
    call_command("import_site", str(tmp_path / "backup"))
    assert list(FilmStats.objects.order_by("film").values_list()) == before


def test_a_backup_from_before_list_summaries_gets_them_on_restore(catalogue, tmp_path):
    """A list restored from a backup without `summary` gets it from its intro."""
    summaries = dict(CuratedList.objects.values_list("slug", "summary"))
    assert any(summaries.values())
    call_command("export_site", str(tmp_path / "backup"))
    path = tmp_path / "backup" / "content.json"
    content = json.loads(path.read_text())
    for record in content["reviews.curatedlist"]:
        del record["fields"]["summary"]
    path.write_text(json.dumps(content))
    wipe()
    call_command("import_site", str(tmp_path / "backup"))
    assert dict(CuratedList.objects.values_list("slug", "summary")) == summaries


def test_restored_history_can_be_compared_and_restored(catalogue, tmp_path, editor):
    """A restored version still reads as the review it was (its stored data points at users)."""
    call_command("export_site", str(tmp_path / "backup"))
    wipe()
    call_command("import_site", str(tmp_path / "backup"))
    review = Review.objects.get(slug="by-hand")
    versions = Version.objects.get_for_object(review)
    assert versions.count() >= 3
    assert all(v._object_version.object.author.username == "critic" for v in versions)


def test_password_hashes_are_left_out_unless_asked_for(catalogue, tmp_path, client):
    """By default restored users cannot sign in; with the flag they keep their passwords."""
    User.objects.filter(username="never-wrote").update(password="md5$salt$abc")
    call_command("export_site", str(tmp_path / "plain"))
    call_command("export_site", str(tmp_path / "full"), include_password_hashes=True)
    assert "md5$salt$abc" not in (tmp_path / "plain" / "content.json").read_text()
    assert "md5$salt$abc" in (tmp_path / "full" / "content.json").read_text()

    wipe()
    call_command("import_site", str(tmp_path / "plain"))
    assert not User.objects.get(username="never-wrote").has_usable_password()

    wipe()
    call_command("import_site", str(tmp_path / "full"))
    assert User.objects.get(username="never-wrote").password == "md5$salt$abc"


def test_every_model_is_backed_up_or_said_not_to_be():
    """A new model in films or reviews is either in the backup or named as left out, and why."""
    backed_up = {m._meta.label_lower for m in backup.CONTENT_MODELS}
    for app_label in ("films", "reviews", "search"):
        for model in apps.get_app_config(app_label).get_models():
            label = model._meta.label_lower
            assert label in backed_up or label in backup.NOT_BACKED_UP, label

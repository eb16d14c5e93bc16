"""The workflow migrations keep every review as its live version and lose nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("reviews", "0008_discovery_permissions"), ("films", "0005_film_sort_title")]
AFTER = [
    ("reviews", "0010_critics_add_but_do_not_change_the_catalogue"),
    ("films", "0006_film_and_person_edit_lock_and_constraint_messages"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_reviews_become_live_versions_with_nothing_pending():
    """Published and draft reviews keep their words, sections and state; no working copies."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("auth", "User")
    Film, Review = old.get_model("films", "Film"), old.get_model("reviews", "Review")
    Section = old.get_model("reviews", "ReviewSection")
    author = User.objects.create(username="migrated")
    film = Film.objects.create(title="Migrated", slug="migrated", year=2001)
    now = timezone.now()
    live = Review.objects.create(
        film=film,
        author=author,
        headline="Live one",
        slug="live-one",
        rating=7,
        status="published",
        published_at=now,
        standfirst="Live words.",
    )
    draft = Review.objects.create(
        film=film,
        author=author,
        headline="Draft one",
        slug="draft-one",
        status="draft",
    )
    Section.objects.create(review=live, position=0, heading="Kept", body="Section words.")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Review = new.get_model("reviews", "Review")
    WorkingCopy = new.get_model("reviews", "ReviewWorkingCopy")
    Group = new.get_model("auth", "Group")
    kept = Review.objects.get(pk=live.pk)
    assert (kept.status, kept.published_at, kept.standfirst) == ("published", now, "Live words.")
    assert list(kept.sections.values_list("body", flat=True)) == ["Section words."]
    assert Review.objects.get(pk=draft.pk).status == "draft"
    assert not WorkingCopy.objects.exists()
    critics = Group.objects.get(name="Critic").permissions.values_list("codename", flat=True)
    assert "add_film" in critics
    assert "change_film" not in critics

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

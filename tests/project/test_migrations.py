"""Migrations match the models."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    """makemigrations --check finds nothing to write."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_roles_exist_with_publish_only_for_editors():
    """The data migration made Critic and Editor; only Editor may publish."""
    critic = Group.objects.get(name="Critic")
    editor = Group.objects.get(name="Editor")
    assert not critic.permissions.filter(codename="publish_review").exists()
    assert editor.permissions.filter(codename="publish_review").exists()

"""Shared fixtures: isolated media, fast hashing, users in each role, image files."""

from __future__ import annotations

import io
import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from PIL import Image

from reviews_project import near_copies, tags
from tests.factories import UserFactory


def _cache_of_this_worker() -> None:
    """Under pytest-xdist (`make test` runs two workers) each worker gets its own cache.

    Every test empties the cache (`_clear_cache`), and on Redis that empties the whole database:
    workers sharing one would wipe each other's entries mid-test. Worker N uses Redis database
    (configured − N − 1, or + N + 1 near 0) and its own cache directory. The cache handler
    reads CACHES on first use, which is after this module is imported.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    number = int(worker[2:]) + 1
    for config in settings.CACHES.values():
        backend, location = config["BACKEND"], config.get("LOCATION", "")
        if backend.endswith("RedisCache"):
            base, _, db = location.rpartition("/")
            db = int(db or 0)
            config["LOCATION"] = f"{base}/{db - number if db >= number else db + number}"
        elif location:
            config["LOCATION"] = f"{location}-{worker}"


_cache_of_this_worker()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, dropped at the end even if a server thread still holds a session.

    On PostgreSQL a session left open by a live-server or subprocess test would make the final
    DROP DATABASE fail ("being accessed by other users") after every test passed.
    """
    yield
    with django_db_blocker.unblock():
        connection = connections["default"]
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Tests never write to the real MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, whichever backend is configured, and no near
    copies kept in this process (reviews_project.near_copies)."""
    cache.clear()
    near_copies.clear()
    yield
    cache.clear()
    near_copies.clear()


@pytest.fixture
def cache_reads(monkeypatch):
    """`cache_reads(prefix)`: the keys with that prefix read from the shared cache from now on."""

    def recording(prefix: str) -> list[str]:
        reads: list[str] = []
        get = cache.get

        def counting(key, *args, **kwargs):
            if key.startswith(prefix):
                reads.append(key)
            return get(key, *args, **kwargs)

        monkeypatch.setattr(cache, "get", counting)
        return reads

    return recording


@pytest.fixture
def page_cache_on(settings):
    """Page caching is off while developing; caching tests turn it on as production has it."""
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Edits inside `with committed():` run their after-commit purges, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def purged():
    """The tags purged during the test (after commit), in order, as sets."""
    seen: list[frozenset[str]] = []
    tags.on_purge(seen.append)
    yield seen
    tags._purge_listeners.remove(seen.append)


def _user_in(group_name: str, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def critic(db):
    """A staff user in the Critic group."""
    return _user_in("Critic", username="critic")


@pytest.fixture
def other_critic(db):
    """A second critic, to test the boundary between critics."""
    return _user_in("Critic", username="othercritic")


@pytest.fixture
def editor(db):
    """A staff user in the Editor group."""
    return _user_in("Editor", username="editor")


def make_image_bytes(
    size: tuple[int, int] = (600, 900), image_format: str = "JPEG", **save_kwargs
) -> bytes:
    """A real image file made with Pillow."""
    image = Image.new("RGB", size, (40, 90, 160))
    out = io.BytesIO()
    image.save(out, format=image_format, **save_kwargs)
    return out.getvalue()


@pytest.fixture
def jpeg_upload():
    """A small real JPEG as an upload."""
    return SimpleUploadedFile("poster.jpg", make_image_bytes(), content_type="image/jpeg")

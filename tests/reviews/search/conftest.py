"""Search fixtures: content indexed the way production indexes it, after commit."""

from __future__ import annotations

import pytest


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """`with indexed(): ...` builds content, then runs its after-commit callbacks (the index
    upkeep), as a real commit would; each test's transaction still rolls everything back."""
    return lambda: django_capture_on_commit_callbacks(execute=True)

"""The documented production environment, for tests that start the site in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# What README's configuration table and .env.example document for production.
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "test-only-3c9f1b8e0d7a46c2b5e4f0a9d8c7b6a5e4d3c2b1a0f9e8d7c6b5a4",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
}


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    """A clean environment: PATH, the production variables, a throwaway SQLite database."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_READ_DOT_ENV": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
        **PRODUCTION,
    }
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_python(env: dict[str, str], *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run python with the project on the path, returning its output."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "reviews_project.settings"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )

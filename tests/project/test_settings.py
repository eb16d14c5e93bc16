"""Settings come from the environment; bad production configuration stops start-up clearly."""

from __future__ import annotations

import secrets

import pytest

from tests.production_env import BASE_DIR, production_env, run_python

SETUP = ("-c", "import django; django.setup(); print('started')")


def _start(tmp_path, **overrides):
    return run_python(production_env(tmp_path, **overrides), *SETUP)


def test_production_environment_starts(tmp_path):
    """The documented production variables are enough to start."""
    result = _start(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({"DATABASE_URL": "postgres//no-scheme-separator"}, "DATABASE_URL"),
        ({"DJANGO_HSTS_SECONDS": "a year"}, "DJANGO_HSTS_SECONDS"),
        ({"DJANGO_MEDIA_STORAGE": "ftp"}, "DJANGO_MEDIA_STORAGE"),
        ({"DJANGO_MEDIA_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        ({"DJANGO_EMAIL_URL": "carrier-pigeon://coop"}, "DJANGO_EMAIL_URL"),
        ({"DJANGO_LOG_LEVEL": "LOUD"}, "DJANGO_LOG_LEVEL"),
        ({"DATABASE_REPLICA_URL": "not a url"}, "DATABASE_REPLICA_URL"),
    ],
)
def test_bad_configuration_stops_startup_naming_the_variable(tmp_path, overrides, named):
    """A missing or malformed variable fails start-up with a message that names it."""
    result = _start(tmp_path, **overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.strip().splitlines()[-1]


def _example_secret() -> str:
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        if line.startswith("DJANGO_SECRET_KEY="):
            return line.split("=", 1)[1]
    raise AssertionError(".env.example shows no DJANGO_SECRET_KEY")


WEAK_SECRETS = {
    "the .env.example value": (_example_secret(), "example value from .env.example"),
    "a change-me placeholder": ("change-me-" + "0123456789abcdef" * 4, "placeholder"),
    "Django's insecure prefix": ("django-insecure-" + "k3j5h6g7f8d9s0a1" * 3, "placeholder"),
    "49 characters": ("a1B2c3D4e5" * 4 + "f6G7h8I9j", "too short (49 characters"),
    "four different characters": ("abcd" * 20, "too few different characters (4"),
}


@pytest.mark.parametrize("name", WEAK_SECRETS)
def test_placeholder_or_weak_secret_key_stops_production_startup(tmp_path, name):
    """A published, placeholder, short or repetitive secret key fails start-up, saying why."""
    key, reason = WEAK_SECRETS[name]
    result = _start(tmp_path, DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY" in last_line
    assert reason in last_line
    assert "secrets.token_urlsafe(50)" in last_line


def test_placeholder_secret_key_fails_check_deploy(tmp_path):
    """`manage.py check --deploy` with .env.example's key fails, naming the variable."""
    env = production_env(tmp_path, DJANGO_SECRET_KEY=_example_secret())
    result = run_python(env, "manage.py", "check", "--deploy")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is the example value" in result.stderr


def test_a_generated_secret_key_is_accepted(tmp_path):
    """What .env.example tells people to run gives a key production accepts."""
    result = _start(tmp_path, DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr


def test_email_url_becomes_the_default_mailer(tmp_path):
    """DJANGO_EMAIL_URL configures SMTP host, port, credentials and TLS in MAILERS."""
    url = "smtp://robot:s3cret@mail.example.org:587/?tls=True"
    result = run_python(
        production_env(tmp_path, DJANGO_EMAIL_URL=url),
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.MAILERS['default'])",
    )
    assert result.returncode == 0, result.stderr
    assert "'host': 'mail.example.org'" in result.stdout
    assert "'port': 587" in result.stdout
    assert "'username': 'robot'" in result.stdout
    assert "'use_tls': True" in result.stdout


def test_s3_media_storage_is_configured_from_the_environment(tmp_path):
    """DJANGO_MEDIA_STORAGE=s3 selects django-storages with the bucket and custom domain."""
    result = run_python(
        production_env(
            tmp_path,
            DJANGO_MEDIA_STORAGE="s3",
            AWS_STORAGE_BUCKET_NAME="posters",
            AWS_S3_CUSTOM_DOMAIN="media.example.org",
        ),
        "-c",
        "import django; django.setup(); from django.core.files.storage import storages;"
        "from django.conf import settings; media = storages['default'];"
        "print(type(media).__name__, media.bucket_name, media.url('posters/a.webp'),"
        " settings.SECURE_CSP['img-src'])",
    )
    assert result.returncode == 0, result.stderr
    assert "S3Storage posters https://media.example.org/posters/a.webp" in result.stdout
    assert "https://media.example.org" in result.stdout.split("[", 1)[1]


def test_development_defaults_need_no_variables(tmp_path):
    """With nothing set the site starts in DEBUG on SQLite (make run)."""
    env = production_env(tmp_path)
    for name in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"):
        env.pop(name)
    result = run_python(
        env,
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.PAGE_CACHE_SECONDS)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "0"]

"""Every public page type is valid HTML according to the W3C Nu HTML checker (vnu.jar)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from reviews_project.views import server_error
from tests.factories import ReviewFactory
from tests.tools.catalogue import add_discovery, build_catalogue

VNU_JAR = Path(__file__).resolve().parents[3] / "node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    """The checker's command line; skips (saying why) when Java or the npm package is missing."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed (Debian: apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        pytest.skip("vnu-jar is not installed: run `npm ci` at the repository root")
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout"]


def public_pages(client) -> dict[str, str]:
    """The HTML of every public page type, rendered from a small catalogue."""
    catalogue = build_catalogue(3)
    found = add_discovery(catalogue)
    film = catalogue.films[0]
    ReviewFactory(film=film, rating=5)  # a second review draws the rating histogram
    pages = {
        "list_index": reverse("reviews:list_index"),
        "list_detail": found.public_list.get_absolute_url(),
        "theme_index": reverse("films:theme_index"),
        "theme_detail": found.theme.get_absolute_url(),
        "critic_index": reverse("reviews:critic_index"),
        "person_index": reverse("films:person_index") + "?letter=P",
        "film_list_chips": reverse("films:film_list") + "?theme=childhood&stream_in=GB&page=1",
        "home": reverse("home"),
        "film_list": reverse("films:film_list"),
        "film_list_filtered": reverse("films:film_list") + "?genre=drama&sort=rating&decade=xx",
        "film_list_empty": reverse("films:film_list") + "?min_rating=5",
        "film_detail": film.get_absolute_url(),
        "person_detail": catalogue.people[0].get_absolute_url(),
        "review_list": reverse("reviews:review_list") + "?rating=4",
        "review_detail": catalogue.reviews[0].get_absolute_url(),
        "critic_detail": reverse("reviews:critic_detail", args=[catalogue.critics[0].username]),
        "search": reverse("search") + "?q=film",
        "not_found": "/no/such/page/",
    }
    html = {name: client.get(url).content.decode() for name, url in pages.items()}
    html["server_error"] = server_error(RequestFactory().get("/")).content.decode()
    return html


@pytest.mark.django_db
def test_public_pages_have_no_html_errors(client, settings, tmp_path, vnu):
    """The checker reports 0 errors on every public page type (one vnu run for all of them)."""
    settings.DEBUG = False
    files = []
    for name, html in public_pages(client).items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        [*vnu, *files], capture_output=True, text=True, timeout=300, check=False
    )
    messages = json.loads(result.stdout or result.stderr)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, "\n".join(errors)

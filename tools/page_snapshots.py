"""Every public page type rendered on the demo content, as a normalised document to compare.

Two uses:

- `tests/project/test_page_snapshots.py` renders the pages in the test database and compares
  each with its committed snapshot in tests/project/snapshots/ (UPDATE_SNAPSHOTS=1 rewrites them).
- `python tools/page_snapshots.py diff REV_A [REV_B]` renders the same pages at two git
  revisions (each checked out with `git worktree add` into a temporary folder, on its own SQLite
  database, with this file's page list and normalisation) and prints the differences, so the
  before and after of a refactor can be read side by side. REV_B defaults to the working tree.

Pages are named by path, not by URL name or model, so one list serves any revision. The demo is
loaded and rendered at a fixed instant (time-machine), so dates the demo places relative to "now"
are the same on every run. What still varies legitimately is normalised, and nothing else:

- CSRF tokens (`csrfmiddlewaretoken` values) -> `CSRF`;
- CSP nonces (`nonce` attributes, which browsers also hide from the DOM) -> `NONCE`;
- hashed static file names (`site.3f2a9c1b7d4e.css` under a manifest storage) -> `site.HASH.css`;
- uploaded files' random names (`/media/posters/5fda...663.jpg`) -> `/media/posters/UPLOAD.jpg`.

Request ids travel only in the X-Request-ID header, and headers are not compared (status and
content type are).

HTML is compared as html5lib parses it: one element a line, attributes sorted, text with its
white space collapsed and white-space-only text dropped (`<pre>` aside). XML (feeds, sitemaps)
is compared the same way after parsing with ElementTree.

This module imports no first-party code: it drives a revision only through `manage.py`'s
commands and the test client, so it runs unchanged against older checkouts.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

# The instant the demo is loaded and read at: a review "3 days ago" is always the same date.
FROZEN_AT = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)

# name -> path; one of each public page type, picked among demo rows every revision has.
PAGES: dict[str, str] = {
    "home": "/",
    "film_list": "/films/",
    "film_list_filtered": "/films/?genre=drama&decade=2010&sort=rating",
    "film_detail": "/films/parasite/",
    "review_list": "/reviews/",
    "review_list_filtered": "/reviews/?critic=mara",
    "review_detail": "/reviews/parasite-upstairs-downstairs-and-further-down/",
    "person_index": "/people/",
    "person_index_search": "/people/?q=ma",
    "person_detail": "/people/bong-joon-ho/",
    "critic_index": "/critics/",
    "critic_detail": "/critics/mara/",
    "list_index": "/lists/",
    "list_detail": "/lists/great-movies-the-essentials/",
    "theme_index": "/themes/",
    "theme_detail": "/themes/childhood/",
    "search": "/search/?q=bicycle",
    "search_empty": "/search/?q=zzqx",
    "feed_rss": "/feeds/reviews/",
    "feed_atom": "/feeds/reviews/atom/",
    "feed_critic": "/feeds/critics/mara/",
    "feed_lists": "/feeds/lists/",
    "sitemap_index": "/sitemap.xml",
    "sitemap_films": "/sitemap-films.xml",
    "not_found": "/films/no-such-film/",
    "not_found_unrouted": "/no-such-page/",
}

SNAPSHOT_SUFFIX = ".txt"

_STATIC_HASH = re.compile(r"\.[0-9a-f]{12}\.(css|js|svg|png|jpg|webp|woff2?|ico)\b")
_WHITESPACE = re.compile(r"\s+")
# Uploaded files are stored under a random name (films.models: uuid4().hex).
_UPLOAD_NAME = re.compile(r"(/media/[\w/]*?)[0-9a-f]{32}")
_PRESERVE_SPACE = {"pre", "textarea"}


def _text(value: str | None, *, keep_space: bool = False) -> str:
    if not value:
        return ""
    if keep_space:
        return _varying(value)
    return _varying(_WHITESPACE.sub(" ", value).strip())


def _attribute(element_tag: str, name: str, value: str, attributes: dict[str, str]) -> str:
    """One attribute's value with what legitimately varies replaced."""
    if name == "nonce":
        return "NONCE"
    if name == "value" and attributes.get("name") == "csrfmiddlewaretoken":
        return "CSRF"
    return _varying(value)


def _varying(text: str) -> str:
    """Static file hashes and upload names, wherever they stand (attributes, JSON-LD, feeds)."""
    return _UPLOAD_NAME.sub(r"\1UPLOAD", _STATIC_HASH.sub(r".HASH.\1", text))


def _local(tag: str) -> str:
    """`{http://www.w3.org/1999/xhtml}div` -> `div`; other namespaces stay visible."""
    if tag.startswith("{http://www.w3.org/1999/xhtml}"):
        return tag.split("}", 1)[1]
    return tag


def _lines(element: ET.Element, depth: int, out: list[str], *, keep_space: bool = False) -> None:
    if not isinstance(element.tag, str):  # comments and processing instructions
        if element.tail and _text(element.tail, keep_space=keep_space):
            out.append("  " * depth + "| " + _text(element.tail, keep_space=keep_space))
        return
    tag = _local(element.tag)
    attributes = {_local(k): v for k, v in element.attrib.items()}
    shown = " ".join(
        f'{name}="{_attribute(tag, name, value, attributes)}"'
        for name, value in sorted(attributes.items())
    )
    out.append("  " * depth + f"<{tag}{' ' + shown if shown else ''}>")
    inner_space = keep_space or tag in _PRESERVE_SPACE
    text = _text(element.text, keep_space=inner_space)
    if text:
        out.append("  " * (depth + 1) + "| " + text)
    for child in element:
        _lines(child, depth + 1, out, keep_space=inner_space)
        tail = _text(child.tail, keep_space=inner_space)
        if tail and isinstance(child.tag, str):
            out.append("  " * (depth + 1) + "| " + tail)
        elif tail:
            pass  # a comment's tail was written by the comment's own call


def normalise_html(content: str) -> str:
    """An HTML document as html5lib parses it, one node a line, what varies replaced."""
    import html5lib

    document = html5lib.parse(content, treebuilder="etree", namespaceHTMLElements=False)
    out: list[str] = []
    _lines(document, 0, out)
    return "\n".join(out) + "\n"


def normalise_xml(content: bytes) -> str:
    """An XML document (feed, sitemap) parsed, one node a line, namespaces kept."""
    out: list[str] = []
    _lines(ET.fromstring(content), 0, out)
    return "\n".join(out) + "\n"


def normalise(content: bytes, content_type: str) -> str:
    """A response body as the snapshot compares it."""
    if "xml" in content_type:
        return normalise_xml(content)
    return normalise_html(content.decode("utf-8"))


def render_pages(client) -> dict[str, str]:
    """Every page of PAGES fetched anonymously, as `status content-type` plus the document."""
    import time_machine

    rendered = {}
    with time_machine.travel(FROZEN_AT, tick=False):
        for name, path in PAGES.items():
            response = client.get(path)
            content_type = response.get("Content-Type", "").split(";")[0]
            body = normalise(response.content, content_type)
            rendered[name] = f"GET {path}\n{response.status_code} {content_type}\n{body}"
    return rendered


def load_demo() -> None:
    """The demo content, loaded at FROZEN_AT (the caller provides database and media)."""
    import io

    import time_machine
    from django.core.management import call_command

    with time_machine.travel(FROZEN_AT, tick=False):
        call_command("load_demo", stdout=io.StringIO())


# --- Comparing two revisions -------------------------------------------------------------------


def _render_here(out_dir: Path) -> None:
    """Inside a checkout: migrate a fresh database, load the demo, write one file a page."""
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviews_project.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    # As under pytest-django: settings read for a local run (SQLite, local-memory cache, plain
    # static names), then DEBUG off so the error pages are the site's own.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    load_demo()
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in render_pages(Client()).items():
        (out_dir / f"{name}{SNAPSHOT_SUFFIX}").write_text(text, encoding="utf-8")


def _render_revision(repo: Path, revision: str | None, work: Path, label: str) -> Path:
    """Render the pages of `revision` (None: the working tree as it is) into work/label."""
    out_dir = work / f"pages-{label}"
    if revision is None:
        checkout = repo
    else:
        checkout = work / f"checkout-{label}"
        subprocess.run(
            ["git", "-C", str(repo), "worktree", "add", "--detach", "--quiet", str(checkout)]
            + [revision],
            check=True,
        )
        if (repo / "node_modules").exists():
            (checkout / "node_modules").symlink_to((repo / "node_modules").resolve())
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "BENCH_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="reviews_project.settings",
        DJANGO_READ_DOT_ENV="0",
        DATABASE_URL=f"sqlite:///{work / f'{label}.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(work / f"media-{label}"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "render", str(out_dir)],
        cwd=checkout,
        env=environment,
        check=True,
    )
    return out_dir


def diff_revisions(repo: Path, before: str, after: str | None) -> int:
    """Print the differences between the pages at two revisions; returns how many pages differ."""
    work = Path(tempfile.mkdtemp(prefix="page-snapshots-"))
    try:
        old = _render_revision(repo, before, work, "before")
        new = _render_revision(repo, after, work, "after")
        differing = 0
        for name in PAGES:
            a = (old / f"{name}{SNAPSHOT_SUFFIX}").read_text(encoding="utf-8").splitlines()
            b = (new / f"{name}{SNAPSHOT_SUFFIX}").read_text(encoding="utf-8").splitlines()
            if a == b:
                print(f"same      {name}")
                continue
            differing += 1
            print(f"DIFFERENT {name}")
            label_after = after or "working tree"
            for line in difflib.unified_diff(
                a, b, f"{name}@{before}", f"{name}@{label_after}", n=2, lineterm=""
            ):
                print("    " + line)
        print(f"{differing} of {len(PAGES)} pages differ")
        return differing
    finally:
        for label in ("before", "after"):
            checkout = work / f"checkout-{label}"
            if checkout.exists():
                subprocess.run(
                    ["git", "-C", str(repo), "worktree", "remove", "--force", str(checkout)],
                    check=False,
                )
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    diff = commands.add_parser("diff", help="compare the pages at two revisions")
    diff.add_argument("before", help="a git revision, e.g. a commit before a refactor")
    diff.add_argument("after", nargs="?", help="a git revision (default: the working tree)")
    render = commands.add_parser("render", help="(internal) render this checkout's pages")
    render.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    if args.command == "render":
        _render_here(args.out_dir)
    else:
        repo = Path(__file__).resolve().parent.parent
        diff_revisions(repo, args.before, args.after)


if __name__ == "__main__":
    main()

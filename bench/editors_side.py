"""The Django side of `make bench`'s "editors at work" mode.

Run by bench/editors.py with the benchmark's environment (same database and cache as the
server it measures):

  paths N FILE     write N reader paths to FILE, film and review pages drawn Zipf-like over the
                   whole catalogue, plus lists, filters, search and feeds
  clear            empty the shared cache (each phase starts from the same cold state)
  editors SECONDS  for SECONDS, all through the publishing service as the desk does: autosave
                   three drafts every 5 s (`save_draft`), save a working copy of a live review
                   every 15 s (`save_content`: readers still see the live text), and every
                   BENCH_PUBLISH_SECONDS (60; first after 10 s) publish a change, taking turns:
                   a new review (`publish`) or the live review's working copy
                   (`publish_changes`). After each, fetch the pages that must show it over HTTP
                   from BENCH_BASE and count those that do not yet (stale). Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.urls import reverse  # noqa: E402

from films.models import Film  # noqa: E402
from reviews.models import Review  # noqa: E402
from reviews.services import publishing  # noqa: E402

ZIPF_S = 1.1
AUTOSAVE_EVERY, WORKING_COPY_EVERY = 5.0, 15.0
# The share of reader requests per kind of page (film and review pages are drawn Zipf-like).
MIX = {"review": 40, "film": 30, "person": 0, "list": 10, "filter": 8, "search": 4, "feed": 4}
FILTERS = ["genre=drama", "decade=1990", "sort=rating", "genre=comedy&sort=year", "min_rating=4"]
SEARCHES = ["river", "night", "harbour", "city", "love", "war"]


def zipf_indexes(rng: random.Random, n: int, count: int) -> list[int]:
    """`count` ranks in [0, n) with P(rank k) proportional to 1 / (k + 1) ** ZIPF_S."""
    weights = [1 / (k + 1) ** ZIPF_S for k in range(n)]
    return rng.choices(range(n), weights=weights, k=count)


def reader_paths(count: int) -> list[str]:
    rng = random.Random(7)
    films = list(Film.objects.order_by("?").values_list("slug", flat=True))
    reviews = list(Review.objects.published().order_by("?").values_list("slug", flat=True))
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    film_ranks = iter(zipf_indexes(rng, len(films), count))
    review_ranks = iter(zipf_indexes(rng, len(reviews), count))
    paths = []
    for kind in kinds:
        if kind == "review":
            paths.append(reverse("reviews:review_detail", args=[reviews[next(review_ranks)]]))
        elif kind == "film":
            paths.append(reverse("films:film_detail", args=[films[next(film_ranks)]]))
        elif kind == "list":
            paths.append(rng.choice(["/", "/films/", "/reviews/", "/reviews/?page=2"]))
        elif kind == "filter":
            paths.append("/films/?" + rng.choice(FILTERS))
        elif kind == "search":
            paths.append("/search/?" + urlencode({"q": rng.choice(SEARCHES)}))
        else:
            paths.append(reverse("reviews:feed_rss"))
    return paths


def _draft(editor, n: int) -> Review:
    """A complete draft by `editor`, ready to publish, created as the desk creates one."""
    film = Film.objects.order_by("?").first()
    stamp = time.time_ns()
    content = {
        "film_id": film.pk,
        "author_id": editor.pk,
        "slug": f"bench-draft-{stamp}",
        "headline": f"Bench draft {n} {stamp}",
        "standfirst": "Written while readers read.",
        "intro": "A first paragraph.",
        "rating": 7,
        "verdict": "Worth it.",
        "sections": [{"heading": "Part", "body": "Text.", "contains_spoilers": False}],
    }
    return publishing.create_review(actor=editor, content=content)


def _edited(review: Review, **changes) -> dict:
    """What the editor sees in the form (the working copy, if any), with `changes` typed in."""
    return {**publishing.working_content(review), **changes}


def _fetch(base: str, path: str) -> bytes:
    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
        return response.read()


def _stale(base: str, text: str, paths: list[str]) -> tuple[int, int]:
    """(pages checked, pages that do not show `text` yet)."""
    needle = text.encode()
    return len(paths), sum(1 for path in paths if needle not in _fetch(base, path))


def _pages_of(review: Review, *, newest: bool) -> list[str]:
    """The pages that must show the review's new headline: its own and its film's, and for the
    newest review also the first pages that list reviews newest first (an older review's
    changes are not on them)."""
    paths = [review.get_absolute_url(), review.film.get_absolute_url()]
    if newest:
        paths += [
            reverse("reviews:critic_detail", args=[review.author.username]),
            reverse("reviews:review_list"),
            reverse("reviews:feed_rss"),
        ]
    return paths


def editors(seconds: float) -> dict:
    base = os.environ["BENCH_BASE"]
    publish_every = float(os.environ.get("BENCH_PUBLISH_SECONDS", 60))
    user_model = get_user_model()
    editor, _ = user_model.objects.get_or_create(
        username="bench-editor", defaults={"first_name": "Bench", "last_name": "Editor"}
    )
    editor.groups.add(Group.objects.get(name="Editor"))
    editor = user_model.objects.get(pk=editor.pk)  # permissions read afresh
    drafts = [_draft(editor, n) for n in range(3)]
    live = Review.objects.published().order_by("?").first()
    counts = {"autosaves": 0, "working_copies": 0, "publishes": 0, "checked": 0, "stale": 0}
    started = time.monotonic()
    next_autosave = started
    next_working_copy = started
    next_publish = started + min(10.0, publish_every)
    while (now := time.monotonic()) < started + seconds:
        if now >= next_autosave:
            for i, draft in enumerate(drafts):
                intro = f"A first paragraph, revised at {time.time()}."
                drafts[i] = publishing.save_draft(
                    review=draft,
                    actor=editor,
                    content=_edited(draft, intro=intro),
                    lock_version=draft.version,
                )
                counts["autosaves"] += 1
            next_autosave += AUTOSAVE_EVERY
        if now >= next_working_copy:
            live = Review.objects.get(pk=live.pk)
            live = publishing.save_content(
                review=live,
                actor=editor,
                content=_edited(live, standfirst=f"Revised standfirst {time.time_ns()}."),
                lock_version=live.version,
            )
            counts["working_copies"] += 1
            next_working_copy += WORKING_COPY_EVERY
        if now >= next_publish:
            if counts["publishes"] % 2 == 0:
                review = Review.objects.get(pk=drafts.pop(0).pk)
                headline = f"Published while readers read {time.time_ns()}"
                review = publishing.save_content(
                    review=review,
                    actor=editor,
                    content=_edited(review, headline=headline),
                    lock_version=review.version,
                )
                publishing.publish(review=review, actor=editor, lock_version=review.version)
                drafts.append(_draft(editor, counts["publishes"] + 3))
            else:
                live = Review.objects.get(pk=live.pk)
                review = live
                headline = f"Changed while readers read {time.time_ns()}"
                live = publishing.save_content(
                    review=live,
                    actor=editor,
                    content=_edited(live, headline=headline),
                    lock_version=live.version,
                )
                publishing.publish_changes(review=live, actor=editor, lock_version=live.version)
            review = Review.objects.select_related("film", "author").get(pk=review.pk)
            newest = counts["publishes"] % 2 == 0
            checked, stale = _stale(base, headline, _pages_of(review, newest=newest))
            counts["publishes"] += 1
            counts["checked"] += checked
            counts["stale"] += stale
            next_publish += publish_every
        time.sleep(0.05)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    counts["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)
    return counts


def main() -> None:
    command = sys.argv[1]
    if command == "paths":
        Path(sys.argv[3]).write_text("\n".join(reader_paths(int(sys.argv[2]))) + "\n")
    elif command == "clear":
        cache.clear()
    elif command == "editors":
        print(json.dumps(editors(float(sys.argv[2]))))
    else:
        sys.exit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()

"""The Django side of `make bench`'s "editors at work" mode.

Run by bench/editors.py with the benchmark's environment (same database and cache as the
server it measures):

  paths N FILE     write N reader paths to FILE, film and review pages drawn Zipf-like over the
                   whole catalogue, plus lists, filters, search and feeds
  clear            empty the shared cache (each phase starts from the same cold state)
  editors SECONDS  for SECONDS: autosave drafts every 5 s, save a live review's private notes
                   (the editors' working copy stand-in) every 15 s, publish a new review every
                   BENCH_PUBLISH_SECONDS (60; first after 10 s), then fetch its review, film,
                   critic, list and feed pages over HTTP from BENCH_BASE and count those that do
                   not show it yet (stale). Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import random
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
from django.core.cache import cache  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from films.models import Film  # noqa: E402
from reviews.models import Review, ReviewSection  # noqa: E402
from reviews.services.bulk import publish_reviews  # noqa: E402

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
    """A complete draft by `editor`, ready to publish."""
    film = Film.objects.order_by("?").first()
    review = Review.objects.create(
        film=film,
        author=editor,
        headline=f"Bench draft {n} {time.time_ns()}",
        slug=f"bench-draft-{time.time_ns()}",
        standfirst="Written while readers read.",
        intro="A first paragraph.",
        rating=7,
        verdict="Worth it.",
        status=Review.Status.DRAFT,
    )
    ReviewSection.objects.create(review=review, position=1, heading="Part", body="Text.")
    return review


def _fetch(base: str, path: str) -> bytes:
    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
        return response.read()


def _stale_after_publish(base: str, review: Review) -> tuple[int, int]:
    """(pages checked, pages that do not show the just-published review yet)."""
    review = Review.objects.select_related("film", "author").get(pk=review.pk)
    paths = [
        review.get_absolute_url(),
        review.film.get_absolute_url(),
        reverse("reviews:critic_detail", args=[review.author.username]),
        reverse("reviews:review_list"),
        reverse("reviews:feed_rss"),
    ]
    headline = review.headline.encode()
    stale = sum(1 for path in paths if headline not in _fetch(base, path))
    return len(paths), stale


def editors(seconds: float) -> dict:
    base = os.environ["BENCH_BASE"]
    publish_every = float(os.environ.get("BENCH_PUBLISH_SECONDS", 60))
    user_model = get_user_model()
    editor, _ = user_model.objects.get_or_create(
        username="bench-editor", defaults={"first_name": "Bench", "last_name": "Editor"}
    )
    drafts = [_draft(editor, n) for n in range(3)]
    live = Review.objects.published().order_by("?").first()
    counts = {"autosaves": 0, "working_copies": 0, "publishes": 0, "checked": 0, "stale": 0}
    started = time.monotonic()
    next_autosave = started
    next_working_copy = started
    next_publish = started + min(10.0, publish_every)
    while (now := time.monotonic()) < started + seconds:
        if now >= next_autosave:
            for draft in drafts:
                draft.intro = f"A first paragraph, revised at {time.time()}."
                draft.save()
                counts["autosaves"] += 1
            next_autosave += AUTOSAVE_EVERY
        if now >= next_working_copy and live is not None:
            live.notes = f"Working notes at {time.time()}."
            live.save()
            counts["working_copies"] += 1
            next_working_copy += WORKING_COPY_EVERY
        if now >= next_publish:
            review = drafts.pop(0)
            review.headline = f"Published while readers read {time.time_ns()}"
            review.save()
            publish_reviews(
                reviews=Review.objects.filter(pk=review.pk), actor=editor, at=timezone.now()
            )
            checked, stale = _stale_after_publish(base, review)
            counts["publishes"] += 1
            counts["checked"] += checked
            counts["stale"] += stale
            drafts.append(_draft(editor, counts["publishes"] + 3))
            next_publish += publish_every
        time.sleep(0.05)
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

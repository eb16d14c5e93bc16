"""Fill the database with a large synthetic catalogue, for benchmarks and load tests."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.demo.generator import generate_catalogue, has_generated_content
from reviews_project import planner_stats


class Command(BaseCommand):
    help = (
        "Generate films, people, credits, critics and reviews (deterministic for a seed). "
        "Refuses to run twice on one database unless --append is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--films", type=int, default=10_000, help="Films (default 10000).")
        parser.add_argument("--people", type=int, default=30_000, help="People (default 30000).")
        parser.add_argument(
            "--reviews",
            type=int,
            default=50_000,
            help="Reviews, ≤ 20 a film (default 50000).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add another batch to a database that already holds generated content "
            "(slugs get -2, -3... suffixes; only a fresh database reproduces a seed exactly).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Rows per INSERT (default 2000)."
        )

    def handle(self, *args, **options) -> None:
        if has_generated_content() and not options["append"]:
            raise CommandError(
                "This database already holds a generated catalogue. Use an empty database, "
                "or pass --append to add another batch."
            )
        started = time.perf_counter()
        try:
            counts = generate_catalogue(
                films=options["films"],
                people=options["people"],
                reviews=options["reviews"],
                seed=options["seed"],
                batch_size=options["batch_size"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        # A bulk load leaves the planner blind until statistics are gathered.
        planner_stats.refresh()
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Generated {summary} in {elapsed:.1f} s."))

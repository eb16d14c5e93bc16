"""manage.py import_review FILE...: turn drafts written as text, Markdown or HTML into reviews.

Every file is read, parsed and matched to a film before anything is saved, and all the saves
share one transaction: one bad file means nothing is saved, and the error names the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from films.models import Film
from reviews.models import Review
from reviews.parsing import MAX_BYTES, ParsedReview, ReviewParseError, parse_review
from reviews.parsing.scoring import EXPECTED_FILE, score_corpus
from reviews.services.film_matching import confident_film, describe_hint, suggest_films
from reviews.services.importing import ReviewImportError, create_review_from_parsed


@dataclass
class Draft:
    """One file, parsed, with the film it will be filed under."""

    path: Path
    parsed: ParsedReview
    matches: list[Film]
    film: Film | None


def parsed_as_dict(parsed: ParsedReview, matches: list[Film]) -> dict[str, Any]:
    """The parsed structure as JSON-ready data (the --dry-run --json output for one file)."""
    rating = parsed.rating
    return {
        "headline": parsed.headline,
        "standfirst": parsed.standfirst,
        "intro": parsed.intro,
        "sections": [
            {"heading": s.heading, "body": s.body, "contains_spoilers": s.contains_spoilers}
            for s in parsed.sections
        ],
        "verdict_heading": parsed.verdict_heading,
        "verdict": parsed.verdict,
        "rating": None
        if rating is None
        else {
            "value": rating.value,
            "best": rating.best,
            "half_stars": rating.half_stars,
            "stars": rating.stars_value,
            "original": rating.original,
        },
        "film": {
            "title": parsed.film.title,
            "year": parsed.film.year,
            "director": parsed.film.director,
            "matches": [film.slug for film in matches],
        },
        "warnings": list(parsed.warnings),
        "notes": parsed.notes,
    }


class Command(BaseCommand):
    help = (
        "Import review drafts (plain text, Markdown with front matter, or HTML) as draft reviews. "
        "All files are checked before any is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, metavar="FILE")
        parser.add_argument(
            "--score",
            metavar="DIR",
            type=Path,
            help="Score the parser on a folder of drafts with an expected.yaml; save nothing.",
        )
        parser.add_argument("--film", metavar="SLUG", help="File every draft under this film.")
        parser.add_argument(
            "--author", metavar="USERNAME", help="The critic whose byline they carry (required)."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish now (the author must be allowed to publish; the review complete).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and match films, save nothing."
        )
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="Print the parsed structure as a JSON list.",
        )

    def handle(
        self,
        *args: object,
        files: list[Path],
        film: str | None,
        author: str | None,
        publish: bool,
        dry_run: bool,
        as_json: bool,
        score: Path | None = None,
        **options: object,
    ) -> None:
        if score is not None:
            if files:
                raise CommandError("--score DIR takes no files: it reads the folder's drafts.")
            self._score(score)
            return
        if not files:
            raise CommandError("Give the draft files to import (or --score DIR).")
        chosen_film = self._film(film)
        user = self._author(author, required=not dry_run)
        drafts = [self._read(path, chosen_film, need_film=not dry_run) for path in files]
        saved: dict[Path, str] = {}
        if not dry_run:
            # One transaction: a refusal for any file (say, --publish of an incomplete draft)
            # rolls back the files saved before it.
            with transaction.atomic():
                for draft in drafts:
                    saved[draft.path] = self._save(draft, user, publish).slug
        if as_json:
            self._print_json(drafts, saved)
        else:
            self._print_text(drafts, saved, dry_run=dry_run, publish=publish)

    def _score(self, folder: Path) -> None:
        """Print the fields the parser gets wrong in a corpus, and its field accuracy."""
        if not (folder / EXPECTED_FILE).is_file():
            raise CommandError(f"{folder}: no {EXPECTED_FILE} with the expected fields.")
        try:
            result = score_corpus(folder)
        except (OSError, ValueError) as exc:
            raise CommandError(f"{folder}: cannot be scored ({exc}).") from exc
        for wrong in result.wrong():
            self.stdout.write(
                f"{wrong.draft}: {wrong.field} expected {wrong.expected!r}, got {wrong.got!r}"
            )
        self.stdout.write(
            f"Field accuracy: {result.right}/{len(result.fields)} = {result.accuracy:.1%}"
        )

    # --- checks before anything is saved -------------------------------------------------------

    def _film(self, slug: str | None) -> Film | None:
        if slug is None:
            return None
        found = Film.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"--film: no film has the slug “{slug}”.")
        return found

    def _author(self, username: str | None, *, required: bool) -> AbstractBaseUser | None:
        if username is None:
            if required:
                raise CommandError("--author USERNAME is required to save reviews.")
            return None
        user_model = get_user_model()
        found = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
        if found is None:
            raise CommandError(f"--author: no user is called “{username}”.")
        return found

    def _read(self, path: Path, film: Film | None, *, need_film: bool) -> Draft:
        """Read, parse and match one file; any problem is a CommandError naming it."""
        try:
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise CommandError(
                    f"{path}: the file is too large ({size:,} bytes); "
                    f"the limit is {MAX_BYTES:,} bytes (1 MB)."
                )
            parsed = parse_review(path.read_bytes())
        except ReviewParseError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
        if not parsed.headline.strip():
            raise CommandError(f"{path}: the draft has no headline; put it on the first line.")
        matches = suggest_films(parsed.film)
        chosen = film or confident_film(parsed.film)
        if chosen is None and need_film:
            raise CommandError(
                f"{path}: no film matches “{describe_hint(parsed.film)}”"
                + (f" (candidates: {', '.join(f.slug for f in matches)})" if matches else "")
                + "; pass --film SLUG or create it."
            )
        return Draft(path, parsed, matches, chosen)

    def _save(self, draft: Draft, user: AbstractBaseUser | None, publish: bool) -> Review:
        if user is None or draft.film is None:
            raise CommandError("Internal error: a draft reached saving without author or film.")
        try:
            return create_review_from_parsed(
                parsed=draft.parsed, film=draft.film, author=user, publish=publish
            )
        except ReviewImportError as exc:
            raise CommandError(f"{draft.path}: {exc} Nothing was saved.") from exc

    # --- output ----------------------------------------------------------------------------------

    def _print_json(self, drafts: list[Draft], saved: dict[Path, str]) -> None:
        data = []
        for draft in drafts:
            item = {"file": str(draft.path), **parsed_as_dict(draft.parsed, draft.matches)}
            item["film"]["chosen"] = draft.film.slug if draft.film else None
            item["saved_slug"] = saved.get(draft.path)
            data.append(item)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _print_text(
        self, drafts: list[Draft], saved: dict[Path, str], *, dry_run: bool, publish: bool
    ) -> None:
        for draft in drafts:
            parsed = draft.parsed
            rating = parsed.rating.original if parsed.rating else "no rating"
            film = draft.film.slug if draft.film else f"no film ({describe_hint(parsed.film)})"
            self.stdout.write(
                f"{draft.path}: “{parsed.headline}”, {len(parsed.sections)} section(s), "
                f"{rating}, film {film}"
            )
            for warning in parsed.warnings:
                self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
        if dry_run:
            self.stdout.write("Dry run: nothing saved.")
        else:
            state = "published" if publish else "draft"
            for path, slug in saved.items():
                self.stdout.write(self.style.SUCCESS(f"Saved {path} as {state} “{slug}”."))

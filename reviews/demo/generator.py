"""A synthetic catalogue at magazine scale, for benchmarks and load tests.

Films, people, credits, critics, reviews and sections here; themes, curated lists, offers and
trailers in reviews.demo.discovery_generator, from the same random generator.

Everything comes from one `random.Random(seed)` and a fixed base time, so the same seed on an
empty database gives the same films, people, credits, critics, reviews and sections. Rows go in
with `bulk_create`, which skips `save()`: Markdown is rendered here, once per body in a small
pool, with the same `markdown_to_html` that `Review.save()` uses.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models import Case, F, Value, When
from django.utils.text import slugify

from films.models import Country, Credit, Film, Genre, Language, Person
from films.titles import sort_title
from reviews.demo.discovery_generator import DiscoveryGenerator
from reviews.demo.vocabulary import (
    BODY_SENTENCES,
    CERTIFICATES,
    COUNTRIES,
    EMPHASES,
    FIRST_NAMES,
    GENRES,
    HEADLINE_PHRASES,
    LAST_NAMES,
    ORIGINAL_TITLES,
    PLACES,
    SEASONS,
    SECTION_HEADINGS,
    STANDFIRSTS,
    SYNOPSIS_SENTENCES,
    TITLE_ADJECTIVES,
    TITLE_NOUNS,
    VERDICTS,
)
from reviews.models import CuratedList, Review, ReviewSection, refresh_film_stats
from reviews.rendering import markdown_to_html
from reviews.search.index import rebuild as rebuild_search_index

# Generated critics are recognised by this e-mail domain (.invalid never resolves: RFC 2606).
GENERATED_EMAIL_DOMAIN = "generated.invalid"
# Published dates run back from here; scheduled ones lie years after it, so they stay future.
BASE_TIME = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
SCHEDULED_FROM = BASE_TIME + timedelta(days=3650)
MAX_REVIEWS_PER_FILM = 20
MIN_CREDITS, MAX_CREDITS = 3, 15
MIN_SECTIONS, MAX_SECTIONS = 3, 6
STAFF_CRITICS = 6
STAFF_SHARE = 0.09  # of all reviews, split between the staff critics: hundreds each at 50k
DRAFT_SHARE, SCHEDULED_SHARE = 0.04, 0.03
BODY_POOL_SIZE = 96

ROLE_WEIGHTS = {
    Credit.Role.CINEMATOGRAPHY: 0.75,
    Credit.Role.MUSIC: 0.6,
    Credit.Role.EDITING: 0.6,
    Credit.Role.PRODUCER: 0.5,
}


@dataclass(frozen=True, slots=True)
class CatalogueSize:
    """How much to generate."""

    films: int
    people: int
    reviews: int

    def problems(self) -> list[str]:
        """Why these numbers cannot make a valid catalogue (empty when they can)."""
        problems = []
        if self.films < 1:
            problems.append("--films must be at least 1.")
        if self.people < MIN_CREDITS:
            problems.append(f"--people must be at least {MIN_CREDITS} (credits per film).")
        if self.reviews < 0:
            problems.append("--reviews cannot be negative.")
        if self.reviews > self.films * MAX_REVIEWS_PER_FILM:
            problems.append(
                f"--reviews can be at most {MAX_REVIEWS_PER_FILM} per film "
                f"({self.films * MAX_REVIEWS_PER_FILM} for {self.films} films)."
            )
        return problems


def has_generated_content() -> bool:
    """Whether a previous run already wrote a catalogue into this database."""
    return get_user_model().objects.filter(email__endswith=f"@{GENERATED_EMAIL_DOMAIN}").exists()


class _Picker:
    """Weighted choices over a fixed population, quick for many draws (bisect on cumulative)."""

    def __init__(self, rng: random.Random, population: Sequence, weights: Iterable[float]):
        self.rng = rng
        self.population = population
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self):
        index = bisect_left(self.cumulative, self.rng.random() * self.total)
        return self.population[min(index, len(self.population) - 1)]


class _Slugs:
    """Unique slugs: the natural one first, then -2, -3... (seeded with what the table holds)."""

    def __init__(self, model: type[models.Model], field: str = "slug", max_length: int = 200):
        self.taken = set(model.objects.values_list(field, flat=True))
        self.max_length = max_length

    def make(self, text: str) -> str:
        base = slugify(text)[: self.max_length] or "item"
        slug, n = base, 1
        while slug in self.taken:
            n += 1
            slug = f"{base}-{n}"
        self.taken.add(slug)
        return slug


class CatalogueGenerator:
    """Builds and bulk-inserts one catalogue; `run()` returns row counts by kind."""

    def __init__(self, size: CatalogueSize, *, seed: int, batch_size: int = 2000):
        self.size = size
        self.rng = random.Random(seed)
        self.batch_size = batch_size

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            self._body_pool = self._make_body_pool()
            genres = self._genres()
            people = self._people()
            films = self._films(genres)
            credits = self._credits(films, people)
            critics = self._critics()
            reviews, sections = self._reviews(films, critics)
            discovery = DiscoveryGenerator(
                self.rng,
                base_time=BASE_TIME,
                batch_size=self.batch_size,
                list_slug=_Slugs(CuratedList).make,
            ).run(films, critics[: min(STAFF_CRITICS, len(critics))])
            # bulk_create sends no signals, so the search index (PostgreSQL documents, SQLite FTS5
            # tables) and each film's review sums are built here.
            rebuild_search_index()
            refresh_film_stats()
        return {
            "genres": len(genres),
            "films": len(films),
            "people": len(people["all"]),
            "credits": credits,
            "critics": len(critics),
            "reviews": reviews,
            "sections": sections,
            **discovery,
        }

    # Text -----------------------------------------------------------------------------------

    def _name(self) -> str:
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if rng.random() < 0.2:
            return f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
        return f"{first} {last}"

    def _title(self) -> str:
        rng = self.rng
        adjective, noun = rng.choice(TITLE_ADJECTIVES), rng.choice(TITLE_NOUNS)
        return rng.choice(
            [
                f"The {adjective} {noun}",
                f"The {noun}",
                f"{adjective} {noun}",
                f"{rng.choice(SEASONS)} in {rng.choice(PLACES)}",
                f"A {noun} in {rng.choice(PLACES)}",
                f"{rng.choice(FIRST_NAMES)}'s {noun}",
                f"The {noun} of {rng.choice(PLACES)}",
            ]
        )

    def _paragraph(self) -> str:
        rng = self.rng
        sentences = rng.sample(BODY_SENTENCES, rng.randint(2, 4))
        if rng.random() < 0.4:
            mark = rng.choice(EMPHASES)
            words = sentences[0].split(" ")
            words[1] = f"{mark}{words[1]}{mark}"
            sentences[0] = " ".join(words)
        return " ".join(sentences)

    def _make_body_pool(self) -> list[tuple[str, str]]:
        """Markdown bodies and their HTML, rendered once: bulk_create does not call save()."""
        pool = []
        for i in range(BODY_POOL_SIZE):
            paragraphs = [self._paragraph() for _ in range(self.rng.randint(1, 3))]
            if i % 7 == 0:
                points = self.rng.sample(BODY_SENTENCES, 3)
                paragraphs.append("\n".join(f"- {point}" for point in points))
            markdown = "\n\n".join(paragraphs)
            pool.append((markdown, markdown_to_html(markdown)))
        return pool

    def _body(self) -> tuple[str, str]:
        return self.rng.choice(self._body_pool)

    # Catalogue ------------------------------------------------------------------------------

    def _genres(self) -> list[tuple[Genre, int]]:
        existing = {genre.slug: genre for genre in Genre.objects.all()}
        missing = [
            Genre(name=name, slug=slugify(name)) for name in GENRES if slugify(name) not in existing
        ]
        Genre.objects.bulk_create(missing, batch_size=self.batch_size)
        by_slug = {genre.slug: genre for genre in Genre.objects.all()}
        return [(by_slug[slugify(name)], weight) for name, weight in GENRES.items()]

    def _people(self) -> dict[str, list[Person]]:
        """People split into pools by the work they do, each pool ordered from most credited."""
        slugs = _Slugs(Person)
        people = []
        for _ in range(self.size.people):
            name = self._name()
            people.append(Person(name=name, slug=slugs.make(name)))
        Person.objects.bulk_create(people, batch_size=self.batch_size)
        n = len(people)
        directors = max(1, n * 8 // 100)
        writers = directors + max(1, n * 8 // 100)
        crew = writers + max(1, n * 14 // 100)
        return {
            "director": people[:directors],
            "writer": people[:writers],
            "crew": people[writers:crew] or people,
            "cast": people[crew:] or people,
            "all": people,
        }

    def _films(self, genres: list[tuple[Genre, int]]) -> list[Film]:
        rng = self.rng
        slugs = _Slugs(Film)
        countries = {c.code.code: c for c in Country.objects.all()}
        languages = {lang.code: lang for lang in Language.objects.all()}
        known = [code for code in COUNTRIES if code in countries]
        country_picker = (
            _Picker(rng, known, [COUNTRIES[code][0] for code in known]) if known else None
        )
        genre_picker = _Picker(rng, [g for g, _w in genres], [w for _g, w in genres])
        decades = list(range(1920, 2030, 10))
        decade_picker = _Picker(rng, decades, [1, 2, 3, 4, 5, 6, 7, 9, 12, 16, 14])
        films, links = [], []
        for _ in range(self.size.films):
            decade = decade_picker.pick()
            year = min(decade + rng.randint(0, 9), BASE_TIME.year - 1)
            title = self._title()
            film_countries = []
            if country_picker:
                film_countries = list(
                    {country_picker.pick(): None for _ in range(1 + (rng.random() < 0.2))}
                )
            language_codes = [COUNTRIES[code][1] for code in film_countries]
            if rng.random() < 0.25:
                language_codes.append(rng.choice(["en", "fr", "es", "ar", "de"]))
            film_languages = [languages[c] for c in dict.fromkeys(language_codes) if c in languages]
            original = film_languages[0] if film_languages else None
            original_title = ""
            if original is not None and original.code in ORIGINAL_TITLES and rng.random() < 0.7:
                original_title = rng.choice(ORIGINAL_TITLES[original.code])
            has_date = rng.random() < 0.7
            films.append(
                Film(
                    title=title,
                    original_title=original_title,
                    original_language=original,
                    slug=slugs.make(f"{title} {year}"),
                    # bulk_create skips Film.save(), which sets the sort key.
                    sort_title=sort_title(title, original.code if original else None),
                    year=year,
                    release_date=date(year, rng.randint(1, 12), rng.randint(1, 28))
                    if has_date
                    else None,
                    runtime_minutes=max(60, min(240, int(rng.gauss(105, 20)))),
                    certification=rng.choice(CERTIFICATES),
                    synopsis=" ".join(rng.sample(SYNOPSIS_SENTENCES, 2)),
                    imdb_id=f"tt{rng.randint(1_000_000, 39_999_999):07d}",
                    tmdb_id=rng.randint(1, 1_500_000),
                )
            )
            film_genres = {genre_picker.pick() for _ in range(rng.randint(1, 3))}
            links.append(
                (
                    sorted(genre.pk for genre in film_genres),
                    [countries[code].pk for code in film_countries],
                    [language.pk for language in film_languages],
                )
            )
        Film.objects.bulk_create(films, batch_size=self.batch_size)
        genre_rows, country_rows, language_rows = [], [], []
        for film, (genre_ids, country_ids, language_ids) in zip(films, links, strict=True):
            genre_rows += [Film.genres.through(film_id=film.pk, genre_id=i) for i in genre_ids]
            country_rows += [
                Film.countries.through(film_id=film.pk, country_id=i) for i in country_ids
            ]
            language_rows += [
                Film.languages.through(film_id=film.pk, language_id=i) for i in language_ids
            ]
        for through, rows in (
            (Film.genres.through, genre_rows),
            (Film.countries.through, country_rows),
            (Film.languages.through, language_rows),
        ):
            through.objects.bulk_create(rows, batch_size=self.batch_size)
        return films

    def _credits(self, films: list[Film], people: dict[str, list[Person]]) -> int:
        """3-15 credits a film; a few prolific people carry long filmographies."""
        rng = self.rng

        def skewed(pool: list[Person]) -> _Picker:
            return _Picker(rng, pool, [(rank + 10) ** -0.8 for rank in range(len(pool))])

        pickers = {name: skewed(pool) for name, pool in people.items()}
        everyone = people["all"]
        rows = []
        for film in films:
            target = min(rng.randint(MIN_CREDITS, MAX_CREDITS), len(everyone))
            plan = [("director", Credit.Role.DIRECTOR)]
            if rng.random() < 0.1:
                plan.append(("director", Credit.Role.DIRECTOR))
            plan.append(("writer", Credit.Role.WRITER))
            for role, chance in ROLE_WEIGHTS.items():
                if len(plan) < target - 1 and rng.random() < chance:
                    plan.append(("crew", role))
            plan += [("cast", Credit.Role.CAST)] * (target - len(plan))
            used: set[int] = set()
            order: dict[str, int] = {}
            for pool, role in plan:
                person = None
                for _ in range(8):
                    candidate = pickers[pool].pick()
                    if candidate.pk not in used:
                        person = candidate
                        break
                if person is None:  # a tiny catalogue: take anyone not yet on this film
                    person = next((p for p in everyone if p.pk not in used), None)
                    if person is None:
                        break
                used.add(person.pk)
                order[role] = order.get(role, 0) + 1
                rows.append(
                    Credit(
                        film_id=film.pk,
                        person_id=person.pk,
                        role=role,
                        character=self._name().split(" ")[0] if role == Credit.Role.CAST else "",
                        billing_order=order[role],
                    )
                )
        Credit.objects.bulk_create(rows, batch_size=self.batch_size)
        return len(rows)

    # Reviews --------------------------------------------------------------------------------

    def _critics(self) -> list:
        """Critics with unusable passwords: a few staff writers, many freelancers."""
        user_model = get_user_model()
        count = max(3, self.size.reviews // 150)
        taken = set(user_model.objects.values_list("username", flat=True))
        critics = []
        for _ in range(count):
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            base = slugify(f"{first} {last}").replace("-", ".")
            username, n = base, 1
            while username in taken:
                n += 1
                username = f"{base}{n}"
            taken.add(username)
            critics.append(
                user_model(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@{GENERATED_EMAIL_DOMAIN}",
                    is_staff=True,
                    # "!" marks an unusable password (Django's convention); no random salt.
                    password=f"!generated-{username}",
                )
            )
        user_model.objects.bulk_create(critics, batch_size=self.batch_size)
        group = Group.objects.filter(name="Critic").first()
        if group is not None:
            through = user_model.groups.through
            through.objects.bulk_create(
                [through(user_id=critic.pk, group_id=group.pk) for critic in critics],
                batch_size=self.batch_size,
            )
        return critics

    def _review_counts(self, films: list[Film]) -> list[int]:
        """How many reviews each film gets: skewed, capped at 20, summing to the total."""
        rng = self.rng
        weights = [rng.lognormvariate(0, 1.1) for _ in films]
        picker = _Picker(rng, range(len(films)), weights)
        counts = [0] * len(films)
        for _ in range(self.size.reviews):
            index = picker.pick()
            while counts[index] >= MAX_REVIEWS_PER_FILM:
                index = rng.randrange(len(films))
            counts[index] += 1
        return counts

    def _reviews(self, films: list[Film], critics: list) -> tuple[int, int]:
        rng = self.rng
        staff = critics[: min(STAFF_CRITICS, len(critics))]
        freelancers = critics[len(staff) :] or staff
        slugs = _Slugs(Review)
        intros = [self._body() for _ in range(24)]
        verdicts = [(text, markdown_to_html(text)) for text in VERDICTS]
        rating_picker = _Picker(rng, range(1, 11), [1, 2, 3, 5, 8, 12, 16, 14, 8, 4])
        earliest = BASE_TIME - timedelta(days=25 * 365)
        reviews, section_plans = [], []
        for film, count in zip(films, self._review_counts(films), strict=True):
            film_start = max(earliest, datetime(film.year, 1, 1, tzinfo=UTC))
            span = max(1, int((BASE_TIME - film_start).total_seconds()))
            for _ in range(count):
                roll = rng.random()
                author = rng.choice(staff) if roll < STAFF_SHARE else rng.choice(freelancers)
                state = rng.random()
                rating = rating_picker.pick()
                if state < DRAFT_SHARE:
                    status, published_at = Review.Status.DRAFT, None
                    rating = rating if rng.random() < 0.5 else None
                elif state < DRAFT_SHARE + SCHEDULED_SHARE:
                    status = Review.Status.PUBLISHED
                    published_at = SCHEDULED_FROM + timedelta(minutes=rng.randint(0, 525_600))
                else:
                    status = Review.Status.PUBLISHED
                    published_at = film_start + timedelta(seconds=rng.randrange(span))
                headline = f"{film.title}: {rng.choice(HEADLINE_PHRASES)}"
                intro, intro_html = rng.choice(intros)
                verdict, verdict_html = rng.choice(verdicts)
                reviews.append(
                    Review(
                        film_id=film.pk,
                        author_id=author.pk,
                        headline=headline,
                        slug=slugs.make(headline),
                        standfirst=rng.choice(STANDFIRSTS),
                        intro=intro,
                        intro_html=intro_html,
                        rating=rating,
                        verdict=verdict,
                        verdict_html=verdict_html,
                        status=status,
                        published_at=published_at,
                    )
                )
                section_plans.append(
                    rng.sample(SECTION_HEADINGS, rng.randint(MIN_SECTIONS, MAX_SECTIONS))
                )
        Review.objects.bulk_create(reviews, batch_size=self.batch_size)
        # auto_now(_add) stamped "now" on every row; make the history look written over time.
        Review.objects.filter(author__in=critics).update(
            created_at=Case(
                When(published_at__lt=BASE_TIME, then=F("published_at")), default=Value(BASE_TIME)
            ),
            updated_at=Case(
                When(published_at__lt=BASE_TIME, then=F("published_at")), default=Value(BASE_TIME)
            ),
        )
        sections, total_sections = [], 0
        for review, headings in zip(reviews, section_plans, strict=True):
            for position, heading in enumerate(headings, start=1):
                body, body_html = self._body()
                sections.append(
                    ReviewSection(
                        review_id=review.pk,
                        position=position,
                        heading=heading,
                        body=body,
                        body_html=body_html,
                        contains_spoilers=rng.random() < 0.08,
                    )
                )
            # Insert in slices so 250k sections never sit in memory at once.
            if len(sections) >= 20 * self.batch_size:
                ReviewSection.objects.bulk_create(sections, batch_size=self.batch_size)
                total_sections += len(sections)
                sections = []
        ReviewSection.objects.bulk_create(sections, batch_size=self.batch_size)
        return len(reviews), total_sections + len(sections)


def generate_catalogue(
    *, films: int, people: int, reviews: int, seed: int, batch_size: int = 2000
) -> dict[str, int]:
    """Generate and insert a catalogue; returns row counts by kind."""
    size = CatalogueSize(films=films, people=people, reviews=reviews)
    problems = size.problems()
    if problems:
        raise ValueError(" ".join(problems))
    return CatalogueGenerator(size, seed=seed, batch_size=batch_size).run()

"""People's pages: a filmography by role, with our reviews of those films."""

from __future__ import annotations

import string

from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from films.models import Credit, Person
from reviews.caching import person_reviews_tag
from reviews.models import Review
from reviews.public.forms import MAX_PERSON_QUERY, PersonSearchForm
from reviews.public.pagination import NearestPageMixin
from reviews.search.text import clean_query
from reviews_project import tags

# A prolific actor's films carry over a thousand reviews: the person page shows the latest.
PERSON_REVIEWS = 12
PEOPLE_PER_PAGE = 60
LETTERS = list(string.ascii_uppercase)
# Headings for a filmography, in the order a reader expects them.
ROLE_HEADINGS = {
    Credit.Role.DIRECTOR: "Directed",
    Credit.Role.WRITER: "Wrote",
    Credit.Role.CAST: "Acted",
    Credit.Role.CINEMATOGRAPHY: "Cinematography",
    Credit.Role.MUSIC: "Music",
    Credit.Role.EDITING: "Editing",
    Credit.Role.PRODUCER: "Produced",
}


class PersonDetailView(DetailView):
    """A person's filmography by role, with our reviews of those films."""

    model = Person
    template_name = "films/person_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = PersonPage(self.object)
        return context


class PersonPage:
    """A person's credits grouped by role, and our latest reviews of their films.

    Each part is read the first time the template asks for it, so a request whose fragment is
    cached (reviews_project.fragments) runs none of these queries.
    """

    def __init__(self, person: Person) -> None:
        self.person = person

    @cached_property
    def credits(self) -> list[Credit]:
        return list(
            # Only what a filmography line shows: a prolific person's hundreds of rows would
            # otherwise carry every film's synopsis.
            Credit.objects.filter(person=self.person)
            .select_related("film")
            .only(
                "film_id",
                "person_id",
                "role",
                "character",
                "billing_order",
                "film__title",
                "film__year",
                "film__slug",
            )
            .order_by("-film__year", "film__title", "billing_order")
        )

    @cached_property
    def filmography(self) -> list[tuple[str, list[Credit]]]:
        """(heading, credits) for each role the person had, in ROLE_HEADINGS' order."""
        filmography = []
        for role, heading in ROLE_HEADINGS.items():
            rows = [credit for credit in self.credits if credit.role == role]
            if rows:
                filmography.append((heading, rows))
        return filmography

    @cached_property
    def reviews(self) -> list[Review]:
        """Our latest published reviews of the films they worked on."""
        tags.add(person_reviews_tag(self.person.pk))
        film_ids = {credit.film_id for credit in self.credits}
        return list(
            Review.objects.published()
            .filter(film_id__in=film_ids)
            .for_cards()
            .latest_first()[:PERSON_REVIEWS]
        )


class PersonIndexView(NearestPageMixin, ListView):
    """Everyone credited, A–Z: pick a letter or type part of a name."""

    template_name = "films/person_index.html"
    context_object_name = "people"
    paginate_by = PEOPLE_PER_PAGE

    def get(self, request, *args, **kwargs):
        letter = request.GET.get("letter", "")
        self.letter = letter.upper() if letter.upper() in LETTERS else ""
        # Control characters go first: PostgreSQL refuses a NUL in a query (a DataError).
        self.query = clean_query(request.GET.get("q", ""))[:MAX_PERSON_QUERY]
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Person]:
        people = Person.objects.only("name", "slug", "photo", "photo_alt").order_by("name", "pk")
        if self.letter:
            people = people.filter(name__istartswith=self.letter)
        if self.query:
            for word in self.query.split():
                people = people.filter(name__icontains=word)
        return people

    def count_key(self) -> tuple:
        return ("people", self.letter, self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            letters=LETTERS,
            letter=self.letter,
            query=self.query,
            search_form=PersonSearchForm(query=self.query),
        )
        return context

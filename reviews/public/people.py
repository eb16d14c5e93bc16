"""People's pages: a filmography by role, with our reviews of those films."""

from __future__ import annotations

import string

from django.db.models import QuerySet
from django.views.generic import DetailView, ListView

from films.models import Credit, Person
from reviews.models import Review
from reviews.public.pagination import NearestPageMixin
from reviews_project.fragments import lazy_entries

# A prolific actor's films carry over a thousand reviews: the person page shows the latest.
PERSON_REVIEWS = 12
PEOPLE_PER_PAGE = 60
LETTERS = list(string.ascii_uppercase)
# Longer "names" are not names: the index searches at most this many characters.
MAX_QUERY = 100
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
        # Read only when the page's fragment is not cached (reviews_project.fragments).
        context.update(lazy_entries(lambda: person_details(self.object), "filmography reviews"))
        return context


def person_details(person: Person) -> dict[str, object]:
    """A person's credits grouped by role, and our latest reviews of their films."""
    credits = list(
        # Only what a filmography line shows: a prolific person's hundreds of rows would
        # otherwise carry every film's synopsis.
        Credit.objects.filter(person=person)
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
    filmography = []
    for role, heading in ROLE_HEADINGS.items():
        rows = [credit for credit in credits if credit.role == role]
        if rows:
            filmography.append((heading, rows))
    film_ids = {credit.film_id for credit in credits}
    reviews = list(
        Review.objects.published()
        .filter(film_id__in=film_ids)
        .for_listing()
        .latest_first()[:PERSON_REVIEWS]
    )
    return {"filmography": filmography, "reviews": reviews}


class PersonIndexView(NearestPageMixin, ListView):
    """Everyone credited, A–Z: pick a letter or type part of a name."""

    template_name = "films/person_index.html"
    context_object_name = "people"
    paginate_by = PEOPLE_PER_PAGE

    def get(self, request, *args, **kwargs):
        letter = request.GET.get("letter", "")
        self.letter = letter.upper() if letter.upper() in LETTERS else ""
        self.query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
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
        context.update(letters=LETTERS, letter=self.letter, query=self.query)
        return context

"""People's pages: a filmography by role, with our reviews of those films."""

from __future__ import annotations

from django.views.generic import DetailView

from films.models import Credit, Person
from reviews.models import Review
from reviews_project.fragments import lazy_entries

# A prolific actor's films carry over a thousand reviews: the person page shows the latest.
PERSON_REVIEWS = 12
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

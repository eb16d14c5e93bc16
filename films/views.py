"""Public catalogue pages."""

from __future__ import annotations

from django.views.generic import DetailView

from films.models import Film, Person


class FilmDetailView(DetailView):
    """A film's page."""

    model = Film
    template_name = "films/film_detail.html"

    def get_queryset(self):
        return Film.objects.prefetch_related("genres", "countries", "languages", "credits__person")


class PersonDetailView(DetailView):
    """A person's filmography."""

    model = Person
    template_name = "films/person_detail.html"

    def get_queryset(self):
        return Person.objects.prefetch_related("credits__film")

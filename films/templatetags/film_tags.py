"""Template helpers for the catalogue: posters with responsive renditions."""

from __future__ import annotations

from django import template

from films.images import srcset_for
from films.models import Film, Person

register = template.Library()


@register.inclusion_tag("includes/poster.html")
def poster(film: Film, sizes: str = "(min-width: 48rem) 16rem, 40vw", lazy: bool = True) -> dict:
    """A poster <img> with srcset, intrinsic width/height and alt text (or a titled placeholder)."""
    if not film.poster:
        return {"film": film, "has_poster": False}
    return {
        "film": film,
        "has_poster": True,
        "src": film.poster.url,
        "srcset": srcset_for(film.poster.name, film.poster_width),
        "sizes": sizes,
        "width": film.poster_width,
        "height": film.poster_height,
        "alt": film.poster_alt,
        "lazy": lazy,
    }


@register.inclusion_tag("includes/photo.html")
def photo(person: Person, sizes: str = "(min-width: 48rem) 12rem, 40vw") -> dict:
    """A person's photo <img> with srcset, intrinsic size and alt text; nothing without one."""
    if not person.photo:
        return {"has_photo": False}
    return {
        "has_photo": True,
        "src": person.photo.url,
        "srcset": srcset_for(person.photo.name, person.photo_width),
        "sizes": sizes,
        "width": person.photo_width,
        "height": person.photo_height,
        "alt": person.photo_alt,
    }

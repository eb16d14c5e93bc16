"""The catalogue in the editors' admin."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin

from films.forms import CreditForm, FilmAdminForm, PersonAdminForm
from films.images import delete_with_renditions, make_renditions
from films.models import Country, Credit, Film, Genre, Language, Offer, Person, Provider, Theme
from reviews_project.admin_widgets import SafeAutocompleteMixin, SafeChangeListMixin
from reviews_project.edit_lock import EditLockMixin
from reviews_project.history import HistoryCompareMixin


class DecadeFilter(admin.SimpleListFilter):
    """Filter films by the decade of release."""

    title = "decade"
    parameter_name = "decade"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        years = Film.objects.order_by().values_list("year", flat=True).distinct()
        decades = sorted({year // 10 * 10 for year in years}, reverse=True)
        return [(str(d), f"{d}s") for d in decades]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value and value.isascii() and value.isdigit() and len(value) == 4:
            start = int(value)
            return queryset.filter(year__gte=start, year__lt=start + 10)
        return queryset


@admin.register(Genre, Theme)
class FilmLabelAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """Genres and themes alike: a name, its slug, and how many films carry it."""

    list_display = ["name", "slug", "film_count"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(n_films=Count("films"))

    @admin.display(description="films", ordering="n_films")
    def film_count(self, obj: Genre | Theme) -> int:
        return obj.n_films


@admin.register(Country)
class CountryAdmin(SafeChangeListMixin, admin.ModelAdmin):
    search_fields = ["code"]
    list_display = ["name", "code"]

    def get_search_results(self, request, queryset, search_term):
        # Editors type a country's name, not its code: match names through django-countries.
        from_names = {
            code
            for code, name in Country._meta.get_field("code").get_choices(include_blank=False)
            if search_term.lower() in str(name).lower()
        }
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return results | queryset.filter(code__in=from_names), may_have_duplicates


@admin.register(Language)
class LanguageAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["name", "code", "bidi"]
    search_fields = ["name", "code"]
    list_filter = ["bidi"]


class ImageFilesMixin:
    """Renditions for a newly uploaded image; the replaced or cleared one deleted after commit.

    ``image_field`` names the model's ImageField; its ``width_field`` says which renditions the
    old file had, so none is left behind.
    """

    image_field = ""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        field = obj._meta.get_field(self.image_field)
        old_name, old_width = "", None
        if change and self.image_field in form.changed_data:
            old_name, old_width = (
                type(obj)
                .objects.filter(pk=obj.pk)
                .values_list(self.image_field, field.width_field)
                .get()
            )
        super().save_model(request, obj, form, change)
        new = getattr(obj, self.image_field)
        if self.image_field in form.changed_data and new:
            make_renditions(new.name, storage=new.storage)
        if old_name and old_name != new.name:
            transaction.on_commit(
                lambda: delete_with_renditions(old_name, old_width, storage=new.storage)
            )


@admin.register(Provider)
class ProviderAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ["name", "homepage", "offer_count"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(n_offers=Count("offers"))

    @admin.display(description="offers", ordering="n_offers")
    def offer_count(self, obj: Provider) -> int:
        return obj.n_offers


class OfferInline(SafeAutocompleteMixin, admin.TabularInline):
    """Where to watch: editors re-check an offer by setting its date to today."""

    model = Offer
    extra = 0
    autocomplete_fields = ["provider"]
    fields = ["region", "provider", "kind", "url", "price", "currency", "checked_on"]


class CreditInline(SafeAutocompleteMixin, admin.TabularInline):
    """Credits typed by name on the film's own page; a new name adds the person."""

    model = Credit
    form = CreditForm
    fields = ["person_name", "person", "role", "character", "billing_order"]

    def get_extra(self, request, obj=None, **kwargs):
        # A new film offers its director and three leads, roles already chosen.
        return len(NEW_FILM_CREDITS) if obj is None or obj.pk is None else 1


# The rows a new film's form starts with; left untouched, they are not saved.
NEW_FILM_CREDITS = [
    {"role": Credit.Role.DIRECTOR, "billing_order": 0},
    {"role": Credit.Role.CAST, "billing_order": 1},
    {"role": Credit.Role.CAST, "billing_order": 2},
    {"role": Credit.Role.CAST, "billing_order": 3},
]


@admin.register(Film)
class FilmAdmin(
    EditLockMixin,
    ImageFilesMixin,
    SafeChangeListMixin,
    SafeAutocompleteMixin,
    HistoryCompareMixin,
    VersionAdmin,
):
    class Media:
        # Leaving with unsaved changes asks first (the same guard as the review form).
        css = {"all": ["desk/guard.css"]}
        js = ["desk/guard.js", "desk/credits.js", "desk/labels.js"]

    form = FilmAdminForm
    image_field = "poster"
    list_display = ["title", "year", "poster_thumbnail", "director_names", "updated_at"]
    list_display_links = ["title"]
    list_filter = [DecadeFilter, "genres", "countries", "languages"]
    search_fields = ["title", "original_title", "slug", "imdb_id"]
    prepopulated_fields = {"slug": ["title", "year"]}
    autocomplete_fields = ["original_language", "countries", "languages", "themes"]
    filter_horizontal = ["genres"]
    readonly_fields = ["poster_preview", "created_at", "updated_at"]
    inlines = [CreditInline, OfferInline]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "original_title", "original_language", "slug"]}),
        ("Release", {"fields": ["year", "release_date", "runtime_minutes", "certification"]}),
        ("About", {"fields": ["synopsis", "genres", "themes", "countries", "languages"]}),
        ("Poster", {"fields": ["poster", "poster_alt", "poster_preview"]}),
        ("Trailer", {"fields": ["trailer_url"]}),
        (
            "External ids",
            {"fields": ["imdb_id", "tmdb_id", "wikidata_id"], "classes": ["collapse"]},
        ),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("credits__person")

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, CreditInline) and (obj is None or obj.pk is None):
            kwargs["initial"] = NEW_FILM_CREDITS
        return kwargs

    @admin.display(description="poster")
    def poster_thumbnail(self, obj: Film) -> str:
        if not obj.poster:
            return "—"
        return format_html('<img src="{}" alt="{}" width="40">', obj.poster.url, obj.poster_alt)

    @admin.display(description="current poster")
    def poster_preview(self, obj: Film) -> str:
        if not obj.poster:
            return "No poster yet."
        return format_html(
            '<img src="{}" alt="{}" width="160">',
            obj.poster.url,
            obj.poster_alt,
        )

    @admin.display(description="directed by")
    def director_names(self, obj: Film) -> str:
        return ", ".join(c.person.name for c in obj.credits.all() if c.role == Credit.Role.DIRECTOR)


@admin.register(Person)
class PersonAdmin(
    EditLockMixin, ImageFilesMixin, SafeChangeListMixin, HistoryCompareMixin, VersionAdmin
):
    class Media:
        css = {"all": ["desk/guard.css"]}
        js = ["desk/guard.js", "desk/labels.js"]

    form = PersonAdminForm
    image_field = "photo"
    list_display = ["name", "credit_count", "updated_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["filmography"]
    fields = ["name", "slug", "photo", "photo_alt", "bio", "imdb_id", "wikidata_id", "filmography"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # An explicit order: Meta.ordering does not apply to a GROUP BY query, and the
        # credits' person suggestions page through this queryset.
        return super().get_queryset(request).annotate(n_credits=Count("credits")).order_by("name")

    @admin.display(description="credits", ordering="n_credits")
    def credit_count(self, obj: Person) -> int:
        return obj.n_credits

    @admin.display(description="filmography")
    def filmography(self, obj: Person) -> str:
        if not obj.pk:
            return "Saved people show their films here."
        credits = obj.credits.select_related("film").order_by("-film__year", "role")
        if not credits:
            return "No credits yet: add them from a film's page."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> — {}{}</li>',
                (
                    (
                        reverse("admin:films_film_change", args=[c.film_id]),
                        c.film,
                        c.get_role_display(),
                        f" ({c.character})" if c.character else "",
                    )
                    for c in credits
                ),
            ),
        )

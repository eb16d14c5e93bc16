"""Admin pages to import a review from pasted or uploaded text, and to export reviews as Markdown.

Import is two steps. Step 1 takes the text (pasted, or a .txt/.md/.html file). Step 2 shows what
the parser made of it and asks which film it is about; the raw text travels to step 2 in a hidden
field (base64, so no byte is lost) and is parsed again on confirm: posted parsed data is never
trusted. Confirm saves a draft authored by the current user.
"""

from __future__ import annotations

import base64
import binascii
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe

from films.models import Film
from reviews.models import Review
from reviews.parsing import MAX_BYTES, ParsedReview, ReviewParseError, parse_review
from reviews.parsing.decoding import decode
from reviews.rating import Rating
from reviews.rendering import markdown_to_html
from reviews.services.exporting import export_markdown, export_queryset
from reviews.services.film_matching import describe_hint, suggest_films
from reviews.services.importing import (
    ReviewImportError,
    create_film_from_hint,
    create_review_from_parsed,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

UPLOAD_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm"}
NEW_FILM = "new"
# Several reviews export as one .zip; more than this is a backup, not an export.
MAX_EXPORT_REVIEWS = 200
FILM_PERMISSIONS = ("films.add_film", "films.add_person", "films.add_credit")


class ImportTextForm(forms.Form):
    """Step 1: the draft, pasted or uploaded."""

    text = forms.CharField(
        label="Paste the review",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 22, "class": "vLargeTextField"}),
        help_text="Plain text, Markdown (front matter welcome) or HTML; at most 1 MB.",
    )
    upload = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text="A .txt, .md or .html file of at most 1 MB.",
    )

    def clean_upload(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(
                f"“{upload.name}” is not a text file: upload a .txt, .md or .html file "
                "(for a Word document, copy its text and paste it above)."
            )
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"“{upload.name}” is too large ({upload.size:,} bytes); "
                f"the limit is {MAX_BYTES:,} bytes (1 MB)."
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_text = bool(data.get("text", "").strip())
        upload = data.get("upload")
        if "upload" in self.errors:
            return data
        if has_text and upload is not None:
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        if not has_text and upload is None:
            raise forms.ValidationError(
                "The draft is empty: paste the review text or choose a file."
            )
        return data

    def draft(self) -> Draft:
        """The submitted draft (call after is_valid)."""
        upload = self.cleaned_data.get("upload")
        if upload is not None:
            return Draft(kind="file", raw=upload.read(MAX_BYTES + 1), name=upload.name or "")
        return Draft(kind="text", raw=self.cleaned_data["text"].encode("utf-8"), name="")


@dataclass(frozen=True)
class Draft:
    """The raw draft as it travels between the two steps."""

    kind: str  # "text" (pasted) or "file" (uploaded bytes, decoded by the parser)
    raw: bytes
    name: str

    def parse(self) -> ParsedReview:
        """Parse exactly what step 1 received."""
        if self.kind == "text":
            return parse_review(self.raw.decode("utf-8"))
        return parse_review(self.raw)

    @property
    def payload(self) -> str:
        return base64.b64encode(self.raw).decode("ascii")

    @property
    def text(self) -> str:
        """The draft as editable text (for going back to step 1)."""
        if self.kind == "file":
            try:
                # The same decoding as parse_review's, so both steps show the same letters.
                return decode(self.raw, [])
            except ReviewParseError:
                return self.raw.decode("cp1252", errors="replace")
        return self.raw.decode("utf-8")


class ConfirmImportForm(forms.Form):
    """Step 2: the draft again (hidden) and the film it is about."""

    payload = forms.CharField(widget=forms.HiddenInput, max_length=MAX_BYTES * 2)
    kind = forms.ChoiceField(choices=[("text", "text"), ("file", "file")], widget=forms.HiddenInput)
    name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)
    film = forms.ChoiceField(label="Film", widget=forms.RadioSelect, required=False)
    other_film = forms.SlugField(
        label="…or another catalogue film",
        required=False,
        help_text="The film's slug, as in its page address (e.g. children-of-heaven).",
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["film"].choices = choices

    def clean_payload(self) -> bytes:
        try:
            return base64.b64decode(self.cleaned_data["payload"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise forms.ValidationError(
                "The draft was damaged in transit; paste it again."
            ) from exc

    def clean_other_film(self) -> Film | None:
        slug = self.cleaned_data.get("other_film")
        if not slug:
            return None
        film = Film.objects.filter(slug=slug).first()
        if film is None:
            raise forms.ValidationError(f"No film has the slug “{slug}”.")
        return film

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("film") and not data.get("other_film") and "other_film" not in self.errors:
            raise forms.ValidationError("Choose the film this review is about.")
        return data

    def draft(self) -> Draft | None:
        """The draft carried from step 1, or None when the hidden fields were tampered with."""
        if any(name in self.errors for name in ("payload", "kind")):
            return None
        return Draft(
            self.cleaned_data["kind"],
            self.cleaned_data["payload"],
            self.cleaned_data.get("name") or "",
        )


def _film_choices(request: HttpRequest, parsed: ParsedReview, films: list[Film]):
    """Radio choices: the suggested films, then 'create it' when the draft names enough."""
    choices = [(str(film.pk), f"{film.title} ({film.year})") for film in films]
    hint = parsed.film
    if hint.title and hint.year is not None and request.user.has_perms(FILM_PERMISSIONS):
        director = f", directed by {hint.director}" if hint.director else ""
        choices.append((NEW_FILM, f"Create a new film: {hint.title} ({hint.year}){director}"))
    return choices


def _html(markdown: str) -> SafeString:
    # markdown_to_html sanitises with the same allow-list as the public pages.
    return mark_safe(markdown_to_html(markdown))


def _preview(parsed: ParsedReview) -> dict[str, Any]:
    """What the confirmation page shows of a parsed draft."""
    rating = Rating(parsed.rating.half_stars) if parsed.rating is not None else None
    return {
        "headline": parsed.headline,
        "standfirst": parsed.standfirst,
        "intro_html": _html(parsed.intro),
        "sections": [
            {
                "heading": s.heading,
                "body_html": _html(s.body),
                "contains_spoilers": s.contains_spoilers,
            }
            for s in parsed.sections
        ],
        "verdict_heading": parsed.verdict_heading,
        "verdict_html": _html(parsed.verdict),
        "rating": rating,
        "rating_original": parsed.rating.original if parsed.rating is not None else "",
        "film_hint": describe_hint(parsed.film),
        "director": parsed.film.director,
        "warnings": parsed.warnings,
        "decisions": parsed.decisions,
        "notes": parsed.notes,
    }


def _context(request: HttpRequest, model_admin: ModelAdmin, title: str, **extra: Any):
    opts = model_admin.model._meta
    return {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "app_label": opts.app_label,
        "title": title,
        "has_view_permission": model_admin.has_view_permission(request),
        **extra,
    }


def _step_one(
    request: HttpRequest, model_admin: ModelAdmin, form: ImportTextForm
) -> TemplateResponse:
    context = _context(
        request, model_admin, "Import a review from text", form=form, max_bytes=MAX_BYTES
    )
    return TemplateResponse(request, "admin/reviews/review/import_form.html", context)


def _step_two(
    request: HttpRequest,
    model_admin: ModelAdmin,
    draft: Draft,
    parsed: ParsedReview,
    form: ConfirmImportForm | None = None,
) -> TemplateResponse:
    films = suggest_films(parsed.film)
    if form is None:
        choices = _film_choices(request, parsed, films)
        initial = {"payload": draft.payload, "kind": draft.kind, "name": draft.name}
        if films:
            initial["film"] = str(films[0].pk)
        form = ConfirmImportForm(initial=initial, choices=choices)
    context = _context(
        request,
        model_admin,
        "Check the imported review",
        form=form,
        parsed=_preview(parsed),
        suggestions=films,
        source=draft.name or "pasted text",
    )
    return TemplateResponse(request, "admin/reviews/review/import_confirm.html", context)


def import_from_text(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    """The "Import from text" admin page: paste or upload, check, then save a draft."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method != "POST":
        return _step_one(request, model_admin, ImportTextForm())
    if "_confirm" in request.POST or "_edit" in request.POST:
        return _confirm(request, model_admin)
    form = ImportTextForm(request.POST, request.FILES)
    if not form.is_valid():
        return _step_one(request, model_admin, form)
    draft = form.draft()
    try:
        parsed = draft.parse()
    except ReviewParseError as exc:
        form.add_error("upload" if draft.kind == "file" else "text", str(exc))
        return _step_one(request, model_admin, form)
    if not parsed.headline.strip():
        form.add_error(None, "No headline found: put the review's title on the first line.")
        return _step_one(request, model_admin, form)
    return _step_two(request, model_admin, draft, parsed)


def _confirm(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    """Step 2 posted: parse the carried text again, then save (or go back to edit it)."""
    probe = ConfirmImportForm(request.POST, choices=[])
    probe.is_valid()
    draft = probe.draft()
    if draft is None:
        messages.error(request, "The draft was damaged in transit; paste it again.")
        return _step_one(request, model_admin, ImportTextForm())
    if "_edit" in request.POST:
        return _step_one(request, model_admin, ImportTextForm(initial={"text": draft.text}))
    try:
        parsed = draft.parse()
    except ReviewParseError as exc:
        # Only a tampered step 2 fails here (step 1 parsed the same draft): show it bound, so
        # the error has a form to sit on.
        form = ImportTextForm({"text": draft.text})
        form.is_valid()
        form.add_error(None, str(exc))
        return _step_one(request, model_admin, form)
    films = suggest_films(parsed.film)
    form = ConfirmImportForm(request.POST, choices=_film_choices(request, parsed, films))
    if not form.is_valid():
        return _step_two(request, model_admin, draft, parsed, form)
    try:
        with transaction.atomic():
            film = form.cleaned_data["other_film"]
            if film is None and form.cleaned_data["film"] == NEW_FILM:
                film = create_film_from_hint(hint=parsed.film)
            elif film is None:
                film = Film.objects.filter(pk=form.cleaned_data["film"]).first()
                if film is None:
                    raise ReviewImportError("That film has just been deleted; choose another.")
            review = create_review_from_parsed(
                parsed=parsed, film=film, author=request.user, actor=request.user
            )
    except ReviewImportError as exc:
        form.add_error(None, str(exc))
        return _step_two(request, model_admin, draft, parsed, form)
    messages.success(
        request,
        f"Imported “{review.headline}” as a draft for {film.title} ({film.year}). "
        "Check it, then save.",
    )
    for warning in parsed.warnings:
        messages.warning(request, warning)
    return HttpResponseRedirect(reverse("admin:reviews_review_change", args=[review.pk]))


def export_response(
    model_admin: ModelAdmin, request: HttpRequest, queryset: QuerySet[Review]
) -> HttpResponse | None:
    """One review as a .md download, several as a .zip of .md files (at most MAX_EXPORT_REVIEWS)."""
    count = queryset.count()
    if count > MAX_EXPORT_REVIEWS:
        model_admin.message_user(
            request,
            f"Select at most {MAX_EXPORT_REVIEWS} reviews to export ({count:,} selected).",
            messages.ERROR,
        )
        return None
    reviews = list(export_queryset(queryset).order_by("slug"))
    if len(reviews) == 1:
        review = reviews[0]
        return HttpResponse(
            export_markdown(review).encode("utf-8"),
            content_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": content_disposition_header(True, f"{review.slug}.md")},
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for review in reviews:
            archive.writestr(f"{review.slug}.md", export_markdown(review))
    return HttpResponse(
        buffer.getvalue(),
        content_type="application/zip",
        headers={"Content-Disposition": content_disposition_header(True, "reviews-markdown.zip")},
    )

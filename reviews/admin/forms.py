"""Editors' forms for reviews."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError

from reviews.admin.widgets import MarkdownTextarea, StarRatingWidget, rating_choices
from reviews.models import Correction, Review, ReviewSection
from reviews_project.edit_lock import MISSING_VERSION, saved_by_line
from reviews_project.slugs import unique_slug


class ReviewAdminForm(forms.ModelForm):
    """The review form: star widget, Markdown previews, and publishing checks."""

    rating = forms.TypedChoiceField(
        choices=rating_choices(),
        coerce=int,
        empty_value=None,
        required=False,
        widget=StarRatingWidget,
        help_text="Click a star or use the arrow keys; half stars allowed. Required to publish.",
    )
    # Optimistic locking: the version the editor opened; a mismatch on save is a conflict.
    lock_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )
    # What an editor asks for: the publishing service makes the change (never this form).
    status = forms.ChoiceField(
        choices=Review.Status.choices,
        initial=Review.Status.DRAFT,
        help_text="Publishing or returning to draft happens through the editors' workflow.",
    )
    published_at = forms.SplitDateTimeField(
        required=False, widget=AdminSplitDateTime, label="Published at"
    )
    # Set by ReviewAdmin when the publishing service refused the save (shown as a form error).
    publishing_error: str | None = None

    class Meta:
        model = Review
        fields = [
            "film",
            "author",
            "headline",
            "slug",
            "standfirst",
            "intro",
            "rating",
            "verdict_heading",
            "verdict",
            "themes",
            "notes",
        ]
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
            "intro": MarkdownTextarea(),
            "verdict": MarkdownTextarea(attrs={"rows": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            # A short curated vocabulary: boxes to tick, each with its own label.
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Review | None = None
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.version
        if "status" in self.fields:
            self.fields["status"].initial = self.instance.status
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "The review's address. Left empty, it is made from the headline in any script "
                "(or from the film's)."
            )
        working_themes = getattr(self.instance, "working_themes", None)
        if working_themes is not None and "themes" in self.fields:
            # A live review's unpublished themes are in its working copy, not in its rows.
            self.initial["themes"] = working_themes
        if "published_at" in self.fields:
            self.fields["published_at"].initial = self.instance.published_at
            self.fields["published_at"].help_text = (
                f"When readers can see it, in {settings.TIME_ZONE} time. "
                "A future time schedules it: it goes live by itself then."
            )

    def clean_headline(self) -> str:
        headline = " ".join(self.cleaned_data["headline"].split())
        if not headline:
            raise ValidationError("A review needs a headline.")
        return headline

    def clean_slug(self) -> str:
        """Left empty (a headline in Japanese gives the browser nothing), made on the server."""
        slug = self.cleaned_data.get("slug") or ""
        if slug or "headline" not in self.cleaned_data:
            return slug
        film = self.cleaned_data.get("film")
        return unique_slug(
            Review,
            self.cleaned_data["headline"],
            fallback=film.slug if film else "review",
            max_length=Review._meta.get_field("slug").max_length,
            exclude_pk=self.instance.pk,
        )

    def clean(self):
        cleaned = super().clean()
        if self.publishing_error:
            raise ValidationError(self.publishing_error, code="refused")
        self._check_version(cleaned.get("lock_version"))
        if asks_to_publish(self.data, self.instance):
            candidate = Review(
                film=cleaned.get("film") or (self.instance.film if self.instance.film_id else None),
                rating=cleaned.get("rating", self.instance.rating),
                standfirst=cleaned.get("standfirst", self.instance.standfirst) or "",
                verdict=cleaned.get("verdict", self.instance.verdict) or "",
            )
            # Sections are checked by the inline formset, which sees the submitted ones.
            problems = candidate.publication_problems(section_count=None)
            if problems:
                raise ValidationError(
                    "This review cannot be published yet: " + " ".join(problems),
                    code="not_publishable",
                )
        return cleaned

    def _check_version(self, opened: int | None) -> None:
        """Refuse the save if someone else saved since this form was opened; keep the text.

        The publishing service's locked check is the final word; this one shows the conflict.
        """
        if not self.instance.pk:
            return
        if opened is None:
            if "lock_version" not in self.errors:
                self.add_error(None, ValidationError(MISSING_VERSION, code="missing_version"))
            return
        current = Review.objects.filter(pk=self.instance.pk).first()
        if current is None or current.version == opened:
            return
        self.conflict = current
        # The form now carries their version: saving again, after reading the differences,
        # deliberately replaces their text with this one.
        data = self.data.copy()
        data[self.add_prefix("lock_version")] = current.version
        self.data = data
        conflict = saved_by_line(current, "review")
        self.add_error(None, ValidationError(conflict, code="edit_conflict"))


def asks_to_publish(data, review: Review) -> bool:
    """Whether a posted review form asks for its text to go live (publish or publish changes)."""
    if "_publish_changes" in data or "_schedule_changes" in data:
        return True
    return (
        data.get("status") == Review.Status.PUBLISHED and review.status != Review.Status.PUBLISHED
    )


class CorrectionForm(forms.ModelForm):
    """A public correction note; its date, author and any rating change are filled in."""

    class Meta:
        model = Correction
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean_note(self) -> str:
        note = (self.cleaned_data.get("note") or "").strip()
        if not note:
            raise ValidationError("Say what was corrected.")
        return note


class SectionRowField(forms.ModelChoiceField):
    """A section's row id: one that autosave has removed since the page opened is a new section.

    Autosave writes a draft's sections by position and deletes rows left over; the publishing
    service saves the form's sections by position too, so the id only tells rows apart.
    """

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None

    def validate(self, value) -> None:
        """A missing row is allowed (see above)."""


class SectionInlineFormSet(forms.BaseInlineFormSet):
    """Sections of one review: a published review keeps at least one."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        name = self.model._meta.pk.name
        row = form.fields[name]
        form.fields[name] = SectionRowField(
            row.queryset, initial=row.initial, required=False, widget=row.widget
        )

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.cleaned_data.get("heading") or form.cleaned_data.get("body"))
        ]
        if asks_to_publish(self.data, self.instance) and not kept:
            raise ValidationError(
                "A published review needs at least one section: add one, or save it as a draft."
            )


class ReviewSectionForm(forms.ModelForm):
    """One section in the review form."""

    class Meta:
        model = ReviewSection
        fields = ["heading", "body", "contains_spoilers", "position"]
        widgets = {
            "body": MarkdownTextarea(attrs={"rows": 10}),
            "position": forms.NumberInput(attrs={"class": "section-position", "min": 0}),
        }
        error_messages = {
            "heading": {"required": "Every section needs a heading."},
            "body": {"required": "This section has no text yet."},
        }

    def has_changed(self) -> bool:
        # A blank extra form renumbered by the drag-and-drop script is still blank: only its
        # position moved, so it must not be validated (and refused) as a section.
        if self.instance.pk is None:
            return any(name != "position" for name in self.changed_data)
        return super().has_changed()

    def clean_heading(self) -> str:
        heading = " ".join((self.cleaned_data.get("heading") or "").split())
        if not heading:
            raise ValidationError("Every section needs a heading.")
        return heading

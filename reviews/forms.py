"""Editors' forms for reviews."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from reversion.models import Version

from reviews.admin.widgets import MarkdownTextarea, StarRatingWidget, rating_choices
from reviews.models import Correction, Review, ReviewSection
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
    # Set by ReviewAdmin while a revert is shown or saved: the stored row has been rolled back
    # to the old revision (and its old version number) inside that request's transaction.
    live_version: int | None = None

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
            "status",
            "published_at",
            "notes",
        ]
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
            "intro": MarkdownTextarea(),
            "verdict": MarkdownTextarea(attrs={"rows": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Review | None = None
        if self.instance.pk:
            self.fields["lock_version"].initial = self.live_version or self.instance.version
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "The review's address. Left empty, it is made from the headline in any script "
                "(or from the film's)."
            )
        if "published_at" in self.fields:
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
        self._check_version(cleaned.get("lock_version"))
        status = cleaned.get("status", self.instance.status)
        if status == Review.Status.PUBLISHED:
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

        A form without the version (not from our admin page) is not checked here; the
        atomic UPDATE ... WHERE version = ... in ReviewAdmin.save_model is the final word.
        """
        if not self.instance.pk or opened is None:
            return
        current = Review.objects.filter(pk=self.instance.pk).first()
        if current is None or (self.live_version or current.version) == opened:
            return
        if self.live_version:
            current.version = self.live_version
        self.conflict = current
        # The form now carries their version: saving again, after reading the differences,
        # deliberately replaces their text with this one.
        data = self.data.copy()
        data[self.add_prefix("lock_version")] = current.version
        self.data = data
        self.add_error(None, ValidationError(conflict_message(current), code="edit_conflict"))


def conflict_message(current: Review) -> str:
    """“Someone else saved this review at 14:05 (by alice) since you opened it.”"""
    last = (
        Version.objects.get_for_object(current)
        .select_related("revision__user")
        .order_by("-pk")
        .first()
    )
    user = last.revision.user if last else None
    who = f" (by {user.get_full_name() or user.get_username()})" if user else ""
    at = timezone.localtime(current.updated_at).strftime("%H:%M")
    return (
        f"Someone else saved this review at {at}{who} since you opened it. Nothing was saved. "
        "Your text is still in the form below and their changes are listed above it: "
        "copy what you need, then save again to replace their version with yours."
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


class SectionInlineFormSet(forms.BaseInlineFormSet):
    """Sections of one review: a published review keeps at least one."""

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
        if self.instance.status == Review.Status.PUBLISHED and not kept:
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

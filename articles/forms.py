"""The browser import form: what to import and into which story.

The form checks what can be checked before anything is stored (sizes, counts, URLs, a
story choice); the content of each input is judged by the importer, as on the command
line, and reported per file.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator

from articles.import_jobs import Paste, safe_name
from articles.models import ImportJob, Story

MAX_URLS_TEXT = 100_000
URL_MAX = 2000


def too_large(size: int, max_bytes: int) -> str:
    """The importer's words for a file over the limit (`articles.sources.read_file`)."""
    return f"file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.1f} MB limit"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class StoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.slug})"


class ImportForm(forms.Form):
    uploads = MultipleFileField(
        required=False,
        allow_empty_file=True,  # the importer reports "empty file", as the command does
        label="Files",
        help_text=".txt, .md, .html or .json, as for manage.py import_articles",
    )
    text = forms.CharField(
        required=False, label="Article text", widget=forms.Textarea(attrs={"rows": 8})
    )
    title = forms.CharField(required=False, max_length=500)
    outlet = forms.CharField(required=False, max_length=200)
    url = forms.URLField(
        required=False,
        label="URL",
        max_length=URL_MAX,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    published = forms.DateField(
        required=False, label="Date", widget=forms.DateInput(attrs={"type": "date"})
    )
    urls = forms.CharField(
        required=False,
        label="Article URLs to fetch",
        max_length=MAX_URLS_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="one http(s) URL per line; the server fetches them",
    )
    story_mode = forms.ChoiceField(
        choices=ImportJob.StoryMode.choices,
        initial=ImportJob.StoryMode.SUGGEST,
        widget=forms.RadioSelect,
        label="Import into",
    )
    story = StoryChoiceField(
        queryset=Story.objects.order_by("title"),
        required=False,
        label="Existing story",
        error_messages={"invalid_choice": "That story does not exist (any more)."},
    )
    new_story_title = forms.CharField(required=False, max_length=300, label="New story title")

    def clean_urls(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["urls"].splitlines()]
        urls, bad = [], []
        check = URLValidator(schemes=["http", "https"])
        for line in filter(None, lines):
            try:
                if len(line) > URL_MAX:
                    raise forms.ValidationError("too long")
                check(line)
            except forms.ValidationError:
                bad.append(line[:80])
            else:
                urls.append(line)
        if bad:
            raise forms.ValidationError(
                "Not an http(s) URL: %(lines)s", params={"lines": ", ".join(bad[:5])}
            )
        return list(dict.fromkeys(urls))

    def clean_uploads(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["uploads"]
        max_bytes = settings.NEWSDESK_MAX_IMPORT_BYTES
        errors = [
            f"{safe_name(f.name or '')}: {too_large(f.size or 0, max_bytes)}"
            for f in files
            if (f.size or 0) > max_bytes
        ]
        if errors:
            raise forms.ValidationError(errors)
        return files

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        text = data.get("text", "")
        metadata = [data.get(name) for name in ("title", "outlet", "url", "published")]
        if not (text or "").strip() and any(metadata):
            self.add_error("text", "Paste the article's text, or leave its details empty.")
        size = len((text or "").encode("utf-8"))
        if size > settings.NEWSDESK_MAX_IMPORT_BYTES:
            limit = settings.NEWSDESK_MAX_IMPORT_BYTES
            self.add_error("text", f"The text {too_large(size, limit)}.")
        pasted = bool((text or "").strip())
        count = len(data.get("uploads") or []) + len(data.get("urls") or []) + pasted
        if not count and not self.errors:
            raise forms.ValidationError("Choose files, paste a text or give URLs to import.")
        if count > settings.NEWSDESK_MAX_IMPORT_INPUTS:
            raise forms.ValidationError(
                "At most %(max)d files and URLs in one import; split it up.",
                params={"max": settings.NEWSDESK_MAX_IMPORT_INPUTS},
            )
        if data.get("story_mode") == ImportJob.StoryMode.EXISTING and not data.get("story"):
            self.add_error("story", "Choose the story to import into.")
        return data

    def metadata_fields(self) -> list[forms.BoundField]:
        """The pasted text's details, shown beside it."""
        return [self[name] for name in ("title", "outlet", "url", "published")]

    def pastes(self) -> list[Paste]:
        data = self.cleaned_data
        if not data["text"].strip():
            return []
        return [
            Paste(
                text=data["text"],
                title=data["title"],
                outlet=data["outlet"],
                url=data["url"],
                published=data["published"],
            )
        ]

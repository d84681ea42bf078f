"""Admin pages for tags, claims, links, notes and orphaned edits.

Editorial changes go through `claims.editing`, as in the claim panel: a claim's status
and tags are saved with its version check and history record, and links are decided with
actions rather than edited field by field. What the importer derived from the text
(offsets, claim text, features, link scores and differences) is read-only.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import Count, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from claims import editing
from claims.models import Claim, ClaimLink, ClaimNote, OrphanedEdit, Tag
from claims.panel import EDIT_CLAIMS, REVIEW_LINKS


def _user(request: HttpRequest) -> User:
    """The admin site only serves logged-in staff users."""
    return cast(User, request.user)


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "colour", "description"]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not editing.TAG_NAME.match(name):
            raise forms.ValidationError("Tag names use letters, digits, spaces and hyphens only.")
        return name

    def clean_colour(self) -> str:
        colour = self.cleaned_data["colour"]
        if not editing.COLOUR.match(colour):
            raise forms.ValidationError("The colour must look like #1a2b3c.")
        return str(colour).lower()


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    form = TagForm
    list_display = ["name", "colour", "description", "claim_count"]
    search_fields = ["name", "description"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tag]:
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, tag: Any) -> int:
        return int(tag.claim_count)


class ClaimForm(forms.ModelForm):
    # The version the admin loaded, so a change made meanwhile in the panel is not overwritten.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Claim
        fields = ["status", "status_note", "tags"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        loaded = cleaned.get("loaded_version")
        current = Claim.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
        if loaded is not None and current and current[0] != loaded:
            raise forms.ValidationError(
                f"Changed by {editing.last_editor(self.instance)} meanwhile; your change was "
                "not saved. Reload the page to see the current values."
            )
        return cleaned


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    form = ClaimForm
    list_display = ["__str__", "outlet", "story", "status", "tag_list", "version"]
    list_select_related = ["article__outlet", "article__story"]
    list_filter = ["status", "tags", "article__story", "article__outlet"]
    search_fields = ["text", "article__title", "article__outlet__name"]
    search_help_text = "Claim text, article title or outlet"
    fields = [
        "text",
        "article",
        "sentence",
        "start",
        "end",
        "status",
        "status_note",
        "tags",
        "version",
        "features",
        "loaded_version",
    ]
    readonly_fields = ["text", "article", "sentence", "start", "end", "version", "features"]
    filter_horizontal = ["tags"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).prefetch_related("tags")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # claims are extracted when an article is imported

    @admin.display(description="outlet", ordering="article__outlet__name")
    def outlet(self, claim: Claim) -> str:
        return claim.article.outlet.name

    @admin.display(description="story", ordering="article__story__title")
    def story(self, claim: Claim) -> str:
        return claim.article.story.title

    @admin.display(description="tags")
    def tag_list(self, claim: Claim) -> str:
        return ", ".join(tag.name for tag in claim.tags.all())

    def save_model(self, request: HttpRequest, obj: Claim, form: ModelForm, change: bool) -> None:
        if {"status", "status_note"} & set(form.changed_data):
            self._edit(
                request,
                editing.set_status,
                claim_id=obj.pk,
                status=obj.status,
                note=obj.status_note,
                version=form.cleaned_data["loaded_version"],
            )

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        if "tags" not in form.changed_data:
            return
        wanted = {tag.pk for tag in form.cleaned_data["tags"]}
        current = set(form.instance.tags.values_list("pk", flat=True))
        for tag_id in sorted(wanted - current):
            self._edit(request, editing.add_tag, claim_id=form.instance.pk, tag_id=tag_id)
        for tag_id in sorted(current - wanted):
            self._edit(request, editing.remove_tag, claim_id=form.instance.pk, tag_id=tag_id)

    def _edit(self, request: HttpRequest, edit: Any, **kwargs: Any) -> None:
        try:
            edit(user=_user(request), **kwargs)
        except editing.EditError as error:
            self.message_user(request, str(error), messages.ERROR)


def _decide(decision: editing.Decision) -> Any:
    @admin.action(
        description=f"{decision.value.capitalize()} selected links", permissions=["review"]
    )
    def action(modeladmin: ClaimLinkAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        done = 0
        for link_id, version in queryset.values_list("pk", "version"):
            try:
                editing.decide_link(
                    link_id=link_id, decision=decision, version=version, user=_user(request)
                )
                done += 1
            except editing.EditError as error:
                modeladmin.message_user(request, f"Link {link_id}: {error}", messages.ERROR)
        modeladmin.message_user(request, f"{done} link(s): {decision.value}.", messages.SUCCESS)

    action.__name__ = f"{decision.value}_links"
    return action


@admin.register(ClaimLink)
class ClaimLinkAdmin(SimpleHistoryAdmin):
    """Links are decided with the actions (as in the review queue), not edited by hand."""

    list_display = [
        "id",
        "claim_a",
        "claim_b",
        "relation",
        "score",
        "origin",
        "rejected",
        "decided_by",
        "decided_at",
    ]
    list_select_related = ["a__article__outlet", "b__article__outlet", "decided_by"]
    list_filter = ["relation", "origin", "rejected", "a__article__story"]
    search_fields = ["a__text", "b__text"]
    search_help_text = "The text of either claim"
    actions = [_decide(decision) for decision in editing.Decision]
    fields = [
        "a",
        "b",
        "relation",
        "score",
        "differences",
        "origin",
        "rejected",
        "decided_by",
        "decided_at",
        "version",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # links by hand are made from the claim panel

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVIEW_LINKS)

    @admin.display(description="claim a", ordering="a__text")
    def claim_a(self, link: ClaimLink) -> str:
        return f"{link.a.article.outlet}: {link.a}"

    @admin.display(description="claim b", ordering="b__text")
    def claim_b(self, link: ClaimLink) -> str:
        return f"{link.b.article.outlet}: {link.b}"


@admin.register(ClaimNote)
class ClaimNoteAdmin(admin.ModelAdmin):
    """Notes are only ever added: the author is the admin who adds one, and it stays as is."""

    list_display = ["__str__", "claim", "author", "created_at"]
    list_select_related = ["claim", "author"]
    list_filter = ["created_at", "claim__article__story"]
    search_fields = ["text", "claim__text", "author__username"]
    search_help_text = "Note text, claim text or author"
    date_hierarchy = "created_at"
    raw_id_fields = ["claim"]
    fields = ["claim", "text", "author", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["claim", "text", "author", "created_at"] if obj else ["author", "created_at"]

    def save_model(
        self, request: HttpRequest, obj: ClaimNote, form: ModelForm, change: bool
    ) -> None:
        if not change:
            obj.author = _user(request)
            super().save_model(request, obj, form, change)


@admin.action(description="Mark selected as dealt with", permissions=["resolve"])
def resolve_orphans(
    modeladmin: OrphanedEditAdmin, request: HttpRequest, queryset: QuerySet[OrphanedEdit]
) -> None:
    for orphan_id in queryset.values_list("pk", flat=True):
        editing.resolve_orphan(orphan_id=orphan_id, user=_user(request))
    modeladmin.message_user(request, "Marked as dealt with.", messages.SUCCESS)


@admin.register(OrphanedEdit)
class OrphanedEditAdmin(admin.ModelAdmin):
    """What a re-import left of editorial work, kept verbatim: read-only, resolvable."""

    list_display = ["__str__", "story", "article", "status", "orphaned_at", "resolved_by"]
    list_select_related = ["story", "article__outlet", "resolved_by"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "status", "story"]
    search_fields = ["claim_text", "sentence_text", "status_note"]
    date_hierarchy = "orphaned_at"
    actions = [resolve_orphans]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in OrphanedEdit._meta.fields]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Editors resolve orphans in the review queue with this permission; the roles
        # grant no model permission on OrphanedEdit.
        return super().has_view_permission(request, obj) or self.has_resolve_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_resolve_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(EDIT_CLAIMS)

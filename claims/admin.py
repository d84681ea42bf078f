from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Claim, ClaimLink, ClaimNote, OrphanedEdit, Tag


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    list_display = ["name", "colour", "description"]
    search_fields = ["name"]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "article", "status"]
    list_filter = ["status", "tags"]
    search_fields = ["text"]
    raw_id_fields = ["sentence", "article"]
    readonly_fields = ["version", "features"]
    filter_horizontal = ["tags"]


@admin.register(ClaimLink)
class ClaimLinkAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "origin", "rejected", "decided_by", "decided_at"]
    list_filter = ["origin", "rejected", "relation"]
    raw_id_fields = ["a", "b"]
    readonly_fields = ["version"]


@admin.register(ClaimNote)
class ClaimNoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "claim", "author", "created_at"]
    raw_id_fields = ["claim"]


@admin.register(OrphanedEdit)
class OrphanedEditAdmin(admin.ModelAdmin):
    list_display = ["__str__", "story", "status", "orphaned_at", "resolved_at"]
    list_filter = ["resolved_at"]

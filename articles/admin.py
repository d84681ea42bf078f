"""Admin pages for outlets, stories, articles and sentences.

Imported content stays as imported: an article's text, its hash and its sentences (whose
offsets must keep `article.text[start:end] == sentence.text`) are read-only here, and
articles are added by the importer, not by hand. Metadata (titles, outlets, dates) can be
corrected.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Article, Outlet, Sentence, Story

# An article's change page lists its first sentences inline; the rest are in the
# sentence list, filtered to the article (a long import can have thousands).
INLINE_SENTENCES = 200


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "article_count"]
    search_fields = ["name", "domain"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, outlet: Any) -> int:
        return int(outlet.article_count)


class StoryArticleInline(admin.TabularInline):
    model = Article
    fields = ["title", "outlet", "published", "imported_at"]
    readonly_fields = ["title", "outlet", "published", "imported_at"]
    show_change_link = True
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).select_related("outlet")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "article_count", "last_import", "created_at"]
    search_fields = ["title", "slug"]
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StoryArticleInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Story]:
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("articles"), last_import=Max("articles__imported_at"))
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, story: Any) -> int:
        return int(story.article_count)

    @admin.display(description="last import", ordering="last_import")
    def last_import(self, story: Any) -> Any:
        return story.last_import


class SentenceInline(admin.TabularInline):
    model = Sentence
    fields = ["position", "paragraph", "kind", "start", "end", "text"]
    readonly_fields = ["position", "paragraph", "kind", "start", "end", "text"]
    extra = 0
    can_delete = False
    verbose_name_plural = f"sentences (the first {INLINE_SENTENCES})"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Sentence]:
        return super().get_queryset(request).filter(position__lt=INLINE_SENTENCES)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "story", "published", "language", "imported_at"]
    list_select_related = ["outlet", "story"]
    list_filter = ["story", "outlet", "language", "published", "imported_at"]
    search_fields = ["title", "byline", "url", "source_file", "outlet__name", "story__title"]
    date_hierarchy = "imported_at"
    autocomplete_fields = ["outlet"]
    # Claims, links and sentences hold offsets into the text and belong to the story.
    readonly_fields = [
        "story",
        "text",
        "content_hash",
        "source_file",
        "imported_at",
        "sentence_list",
    ]
    fields = [
        "title",
        "outlet",
        "byline",
        "url",
        "published",
        "language",
        "story",
        "source_file",
        "imported_at",
        "content_hash",
        "sentence_list",
        "text",
    ]
    inlines = [SentenceInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # articles come in through the importer

    @admin.display(description="sentences")
    def sentence_list(self, article: Article) -> str:
        url = reverse("admin:articles_sentence_changelist") + f"?article__id__exact={article.pk}"
        return format_html('<a href="{}">{} sentences</a>', url, article.sentences.count())


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    """Read-only: sentences are the importer's segmentation of the article's text."""

    list_display = ["__str__", "article", "position", "paragraph", "kind", "start", "end"]
    list_select_related = ["article__outlet"]
    list_filter = ["kind", "article__story"]
    search_fields = ["text", "article__title"]
    search_help_text = "Sentence text or article title"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Browser imports (articles.import_jobs): what was imported, by whom, and the report.
from articles.import_jobs import retry_job  # noqa: E402
from articles.models import ImportJob, ImportSource  # noqa: E402


class ImportSourceInline(admin.TabularInline):
    model = ImportSource
    fields = ["position", "kind", "name", "url", "done", "report_lines"]
    readonly_fields = ["position", "kind", "name", "url", "done", "report_lines"]
    extra = 0
    can_delete = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("articles.add_article")  # as ImportJobAdmin

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="report")
    def report_lines(self, source: Any) -> str:
        return "; ".join(f"{r['status']}: {r.get('detail', '')}" for r in source.results) or "—"


@admin.action(description="Retry the selected imports (failed, or stopped with their worker)")
def retry_imports(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: Any) -> None:
    queued = sum(retry_job(job) for job in queryset)
    modeladmin.message_user(request, f"{queued} of {queryset.count()} imports queued again.")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "created_at", "state", "story", "attempt"]
    list_filter = ["state", "story_mode", "created_at"]
    list_select_related = ["created_by", "story"]
    readonly_fields = [
        "created_by",
        "created_at",
        "state",
        "story_mode",
        "story",
        "new_story_title",
        "suggestion",
        "attempt",
        "task_id",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "error",
    ]
    inlines = [ImportSourceInline]
    actions = [retry_imports]
    search_fields = ["sources__name", "story__title", "created_by__username"]

    # Whoever may import (the admin role: articles.add_article) may see the imports, retry
    # and delete them; they start on the Import page and record what happened, so nobody
    # adds or edits them here.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("articles.add_article")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("articles.add_article")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

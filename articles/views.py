from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from articles.exporting import export_story
from articles.models import Article, Story
from articles.page_cache import cached_fragment
from articles.reading import State
from articles.searching import search_stories
from articles.story_view import (
    build_matrix,
    build_panel,
    build_story_page,
    choose_columns,
    claim_counts,
    story_fingerprints,
)
from claims.editing import TAG_NAME_MAX

STORIES_PER_PAGE = 25
SORTS = ["", "most", "fewest"]  # the matrix's "Outlets" header cycles through these
FILTERS = {"", State.DIVERGING.value, State.UNIQUE.value, State.CORROBORATED.value}


def read_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Reading needs a login with a role, unless NEWSDESK_PUBLIC_READING opens it to all."""
    guarded = login_required(permission_required("articles.view_story", raise_exception=True)(view))

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.NEWSDESK_PUBLIC_READING:
            return view(request, *args, **kwargs)
        return guarded(request, *args, **kwargs)

    return wrapper


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@dataclass(frozen=True)
class ReadingParams:
    """The view state a permalink carries: columns, selected claim, filters."""

    order: list[int]
    claim: int | None
    only: str
    query: str
    tag: str = ""  # a tag's name (or id)

    @classmethod
    def from_request(cls, request: HttpRequest) -> ReadingParams:
        order = [int(part) for part in request.GET.get("cols", "").split(",") if part.isdigit()]
        claim = request.GET.get("claim", "")
        only = request.GET.get("only", "")
        return cls(
            order=order,
            claim=int(claim) if claim.isdigit() else None,
            only=only if only in FILTERS else "",
            query=request.GET.get("q", "").strip()[:200],
            tag=request.GET.get("tag", "").strip()[:TAG_NAME_MAX],
        )


@dataclass(frozen=True)
class StoryRow:
    story: Story
    outlets: list[str]
    counts: Counter[State]


@require_GET
@read_required
def stories(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    found = Story.objects.with_article_counts()
    if query:
        found = search_stories(found, query)
    page = Paginator(found, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    listed: list[Any] = list(page.object_list)  # annotated with article_count, last_import
    fingerprints = story_fingerprints([story.pk for story in listed])
    # Counts of a story being imported into may stand in for a few seconds (see
    # claim_counts), so they are in the key themselves.
    counts = claim_counts([story.pk for story in listed], fingerprints=fingerprints)
    # The rows show what the page query read (title, articles, last import), the counts
    # and what the fingerprints cover (outlets); the pager its page and number of pages.
    shown = [
        (
            s.pk,
            s.title,
            s.slug,
            s.article_count,
            s.last_import,
            fingerprints.get(s.pk),
            *sorted(counts[s.pk].items()),
        )
        for s in listed
    ]

    def render_rows(extra: dict[str, Any]) -> str:
        rows = _story_rows(listed, counts)
        context = {"page": page, "rows": rows, "query": query, **extra}
        return render_to_string("articles/stories.html#story-list", context, request)

    rows_html = cached_fragment(
        request,
        "stories",
        (shown, page.number, page.paginator.num_pages),
        render_rows,
        per_role=False,
    )
    context = {"query": query, "story_list": rows_html}
    if request.htmx and request.htmx.target == "story-list":
        return HttpResponse(rows_html)
    return render(request, "articles/stories.html", context)


def _story_rows(listed: list[Story], counts: dict[int, Counter[State]]) -> list[StoryRow]:
    ids = [story.pk for story in listed]
    outlets: dict[int, set[str]] = {pk: set() for pk in ids}
    for story_id, outlet in Article.objects.filter(story_id__in=ids).values_list(
        "story_id", "outlet__name"
    ):
        outlets[story_id].add(outlet)
    return [StoryRow(s, sorted(outlets[s.pk]), counts[s.pk]) for s in listed]


def _story_print(story: Story) -> tuple[Any, ...]:
    """What a cached story page depends on: the story's own fields and its fingerprint."""
    return (story.pk, story.title, story.slug, story_fingerprints([story.pk]).get(story.pk))


@require_GET
@read_required
def story(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    params = ReadingParams.from_request(request)
    fingerprint = _story_print(story)  # before the data: see articles.page_cache
    if request.htmx and request.htmx.target == "panel":

        def render_panel(extra: dict[str, Any]) -> str:
            shown = choose_columns(
                list(Article.objects.filter(story=story).for_reading()), params.order
            )
            panel = build_panel(story, params.claim, articles=shown) if params.claim else None
            context = {"story": story, "page": {"panel": panel}, "params": params, **extra}
            return render_to_string("articles/story.html#panel", context, request)

        return HttpResponse(cached_fragment(request, "panel", fingerprint, render_panel))

    def render_body(extra: dict[str, Any]) -> str:
        others = request.GET.copy()
        others.pop("claim", None)
        page = build_story_page(
            story,
            order=params.order,
            selected=params.claim,
            only=params.only,
            query=params.query,
            tag=params.tag,
            claim_href=f"?{others.urlencode()}&claim=" if others else "?claim=",
        )
        context = {"story": story, "page": page, "params": params, **extra}
        return render_to_string("articles/story.html#body", context, request)

    body = cached_fragment(request, "story", fingerprint, render_body)
    return render(request, "articles/story.html", {"story": story, "body": body})


@require_GET
@read_required
def matrix(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    params = ReadingParams.from_request(request)
    fingerprint = _story_print(story)
    fragment = "matrix" if request.htmx and request.htmx.target == "matrix" else "body"

    def render_matrix(extra: dict[str, Any]) -> str:
        sort = request.GET.get("sort", "")
        context = build_matrix(
            story, order=params.order, only=params.only, sort=sort, tag=params.tag
        )
        sort = sort if sort in SORTS else ""
        next_sort = SORTS[(SORTS.index(sort) + 1) % 3]
        context.update(params=params, sort=sort, next_sort=next_sort, **extra)
        return render_to_string(f"articles/matrix.html#{fragment}", context, request)

    name = f"matrix-{fragment}"
    html = cached_fragment(request, name, fingerprint, render_matrix, per_role=False)
    if fragment == "matrix":
        return HttpResponse(html)
    return render(request, "articles/matrix.html", {"story": story, "body": html})


@require_GET
@read_required
def story_export(request: HttpRequest, slug: str) -> JsonResponse:
    story = get_object_or_404(Story, slug=slug)
    response = JsonResponse(export_story(story), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="{story.slug}.json"'
    return response

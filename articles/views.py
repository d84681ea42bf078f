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
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from articles.exporting import export_story
from articles.models import Article, Story
from articles.reading import State
from articles.searching import search_stories
from articles.story_view import (
    build_matrix,
    build_panel,
    build_story_page,
    choose_columns,
    claim_counts,
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
    ids = [story.pk for story in page.object_list]
    outlets: dict[int, set[str]] = {pk: set() for pk in ids}
    for story_id, outlet in Article.objects.filter(story_id__in=ids).values_list(
        "story_id", "outlet__name"
    ):
        outlets[story_id].add(outlet)
    counts = claim_counts(ids)
    rows = [StoryRow(s, sorted(outlets[s.pk]), counts[s.pk]) for s in page.object_list]
    template = "articles/stories.html"
    if request.htmx and request.htmx.target == "story-list":
        template += "#story-list"
    return render(request, template, {"page": page, "rows": rows, "query": query})


@require_GET
@read_required
def story(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    params = ReadingParams.from_request(request)
    if request.htmx and request.htmx.target == "panel":
        shown = choose_columns(
            list(Article.objects.filter(story=story).for_reading()), params.order
        )
        panel = build_panel(story, params.claim, articles=shown) if params.claim else None
        context = {"story": story, "page": {"panel": panel}, "params": params}
        return render(request, "articles/story.html#panel", context)
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
    return render(request, "articles/story.html", {"story": story, "page": page, "params": params})


@require_GET
@read_required
def matrix(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    params = ReadingParams.from_request(request)
    sort = request.GET.get("sort", "")
    context = build_matrix(story, order=params.order, only=params.only, sort=sort, tag=params.tag)
    sort = sort if sort in SORTS else ""
    context.update(params=params, sort=sort, next_sort=SORTS[(SORTS.index(sort) + 1) % 3])
    template = "articles/matrix.html"
    if request.htmx and request.htmx.target == "matrix":
        template += "#matrix"
    return render(request, template, context)


@require_GET
@read_required
def story_export(request: HttpRequest, slug: str) -> JsonResponse:
    story = get_object_or_404(Story, slug=slug)
    response = JsonResponse(export_story(story), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="{story.slug}.json"'
    return response

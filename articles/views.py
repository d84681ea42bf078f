from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles.exporting import export_story
from articles.models import Article, Sentence, Story

STORIES_PER_PAGE = 25


@require_GET
@login_required
@permission_required("articles.view_story", raise_exception=True)
def stories(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    found = Story.objects.with_article_counts().prefetch_related("articles__outlet")
    if query:
        found = found.filter(
            Q(title__icontains=query) | Q(articles__outlet__name__icontains=query)
        ).distinct()
    page = Paginator(found, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/stories.html", {"page": page, "query": query})


@require_GET
@login_required
@permission_required("articles.view_story", raise_exception=True)
def story(request: HttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    articles = (
        Article.objects.filter(story=story)
        .for_reading()
        .prefetch_related(Prefetch("sentences", queryset=Sentence.objects.order_by("position")))
    )
    return render(request, "articles/story.html", {"story": story, "articles": articles})


@require_GET
@login_required
@permission_required("articles.view_story", raise_exception=True)
def story_export(request: HttpRequest, slug: str) -> JsonResponse:
    story = get_object_or_404(Story, slug=slug)
    response = JsonResponse(export_story(story), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="{story.slug}.json"'
    return response

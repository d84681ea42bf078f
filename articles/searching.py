"""Story search for the stories list: by story title, outlet name or article title.

On PostgreSQL it is full-text search (`websearch_to_tsquery` over English stems, so
"visits" finds "state visit", quoted phrases and `-word` work), ranked by relevance, with
the substring match kept alongside so that a word still being typed finds its stories.
Elsewhere (SQLite) it is the case-insensitive substring match alone.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Q, StringAgg, Value

from articles.models import Article, StoryQuerySet

CONFIG = "english"


def search_stories(stories: StoryQuerySet, query: str) -> StoryQuerySet:
    """`stories` narrowed to those matching `query`; the best matches first on PostgreSQL."""
    matching_outlets = Article.objects.filter(outlet__name__icontains=query).values("story_id")
    substring = Q(title__icontains=query) | Q(pk__in=matching_outlets)
    if connections[stories.db].vendor != "postgresql":
        return stories.filter(substring)
    # The story's own title weighs most, then its outlets, then its articles' headlines.
    document = (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector(StringAgg("articles__outlet__name", Value(" ")), weight="B", config=CONFIG)
        + SearchVector(StringAgg("articles__title", Value(" ")), weight="C", config=CONFIG)
    )
    search = SearchQuery(query, search_type="websearch", config=CONFIG)
    return (
        # alias, not annotate: the rank orders and the document filters; neither is shown.
        stories.alias(document=document, rank=SearchRank(F("document"), search))
        .filter(Q(document=search) | substring)
        .order_by(F("rank").desc(), *stories.query.order_by)
    )

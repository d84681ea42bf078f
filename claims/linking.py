"""Database side of claims: store an article's claims and link them to its story.

The extraction and matching themselves are pure (`claims.extraction`,
`claims.matching`); this module feeds them rows and writes their results in bulk.

Editor decisions win: a pair of claims that has a link with origin `editor` (made,
confirmed, changed or rejected by an editor) is never rewritten by re-linking.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet

from articles.models import Article, Sentence, Story
from articles.segmentation import Kind
from claims import semantics
from claims.extraction import (
    FEATURES_VERSION,
    extract_claims,
    extract_many,
    lowercase_words,
)
from claims.matching import ClaimRef, LinkData, find_links
from claims.models import Claim, ClaimLink

# Links deleted per statement when a story is linked again (SQLite caps its parameters).
DELETE_BATCH = 900


def extract_claims_for(article: Article, sentences: Sequence[Sentence]) -> list[Claim]:
    """Create the claims of `article`'s body sentences."""
    body = [s for s in sentences if s.kind == Kind.BODY]
    extracted = extract_many([(s.text, s.start) for s in body], published=article.published)
    vectors = iter(semantics.encode([claim.text for claims in extracted for claim in claims]))
    return Claim.objects.bulk_create(
        Claim(
            sentence=sentence,
            article=article,
            start=claim.start,
            end=claim.end,
            text=claim.text,
            features=claim.features,
            vector=next(vectors),
        )
        for sentence, claims in zip(body, extracted, strict=True)
        for claim in claims
    )


def link_article(article: Article, *, replace: bool = False) -> int:
    """Link a newly imported article's claims to the other articles of its story; returns
    the number of links written. Its claims are new, so they have no links to replace,
    unless `replace` says that it is linked again."""
    new = _refs(Claim.objects.filter(article=article))
    existing = _story_claims.get(article)
    scope = Q(a__article=article) | Q(b__article=article) if replace else None
    written = _write(find_links(new, existing), scope=scope)
    if replace:  # a new article's links come with it; these replace others
        Story.links_changed(article.story_id)
    _story_claims.add_on_commit(article, existing, new)
    return written


Fingerprint = tuple[int, int | None, datetime | None]


class StoryClaims:
    """The claims of the stories an import works on, kept between its articles.

    Importing many articles into one story would otherwise read (and decode the features
    of) all the story's claims again for every article. An entry is used only while the
    story's fingerprint (number of claims, highest claim id, newest article) is unchanged,
    so articles that other processes add or remove meanwhile are seen; it is extended
    when the article's transaction commits, and never after a rollback.
    """

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._entries: OrderedDict[int, tuple[Fingerprint, list[ClaimRef]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, article: Article) -> list[ClaimRef]:
        """The claims of `article`'s story, without those of `article`."""
        others = Claim.objects.filter(article__story_id=article.story_id).exclude(article=article)
        fingerprint = self._fingerprint(others)
        with self._lock:
            entry = self._entries.get(article.story_id)
        if entry and entry[0] == fingerprint:
            return entry[1]
        refs = _refs(others)
        self._put(article.story_id, fingerprint, refs)
        return refs

    def add_on_commit(
        self, article: Article, existing: list[ClaimRef], new: list[ClaimRef]
    ) -> None:
        def extend() -> None:
            claims = Claim.objects.filter(article__story_id=article.story_id)
            known = {ref.key for ref in existing} | {ref.key for ref in new}
            fingerprint = self._fingerprint(claims)
            if fingerprint[0] == len(known):  # nothing else changed meanwhile
                self._put(article.story_id, fingerprint, [*existing, *new])

        transaction.on_commit(extend)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _put(self, story: int, fingerprint: Fingerprint, refs: list[ClaimRef]) -> None:
        with self._lock:
            self._entries[story] = (fingerprint, refs)
            self._entries.move_to_end(story)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    @staticmethod
    def _fingerprint(claims: QuerySet[Claim]) -> Fingerprint:
        row = claims.aggregate(
            count=Count("pk"), last=Max("pk"), newest=Max("article__imported_at")
        )
        return row["count"], row["last"], row["newest"]


_story_claims = StoryClaims()


@transaction.atomic
def relink_story(story: Story) -> int:
    """Recompute every automatic link of `story`; editor decisions stay as they are."""
    claims = _refs(Claim.objects.filter(article__story=story))
    written = _write(find_links(claims, []), scope=Q(a__article__story=story))
    Article.objects.filter(story=story, links_pending=True).update(links_pending=False)
    Story.links_changed(story.pk)
    return written


def link_saved(
    sender: type[ClaimLink], instance: ClaimLink, raw: bool = False, **kwargs: Any
) -> None:
    """A link saved one by one (an editor's decision or link, a re-anchored decision)
    changes its story's `links_revision`; links written in bulk say so themselves."""
    if raw:
        return
    story = Claim.objects.filter(pk=instance.a_id).values_list("article__story_id", flat=True)
    for story_id in story:
        Story.links_changed(story_id)


def outdated_claims() -> QuerySet[Claim]:
    """Claims whose features an older version of the extraction wrote, or that have no
    sentence embedding although the model is now installed."""
    outdated = ~Q(features__v=FEATURES_VERSION) | Q(features__v__isnull=True)
    if semantics.available():
        outdated |= Q(vector__isnull=True)
    return Claim.objects.filter(outdated)


@transaction.atomic
def refresh_features(story: Story) -> int:
    """Extract the features of `story`'s claims again with the current code; returns how
    many changed. The claims themselves (their text, offsets, tags, status, notes) stay:
    each gets the features of the claim the extraction now finds at the same place in
    its sentence (sentence-wide features, such as an attribution, come from there), or
    of its own text when the extraction now divides the sentence differently."""
    claims = list(
        Claim.objects.filter(article__story=story)
        .select_related("sentence", "article")
        .order_by("pk")
    )
    texts: dict[int, list[str]] = {}
    for article_id, text in Sentence.objects.filter(article__story=story).values_list(
        "article_id", "text"
    ):
        texts.setdefault(article_id, []).append(text)
    lowercase = {article_id: lowercase_words(group) for article_id, group in texts.items()}
    by_sentence: dict[int, list[Claim]] = {}
    for claim in claims:
        by_sentence.setdefault(claim.sentence_id, []).append(claim)
    changed = []
    for group in by_sentence.values():
        sentence, published = group[0].sentence, group[0].article.published
        words = lowercase.get(group[0].article_id, frozenset())
        found = {
            (c.start, c.end): c.features
            for c in extract_claims(
                sentence.text, offset=sentence.start, published=published, lowercase=words
            )
        }
        for claim in group:
            features = found.get((claim.start, claim.end))
            if features is None:
                own = extract_claims(
                    claim.text, offset=claim.start, published=published, lowercase=words
                )
                # Text that no longer reads as one claim keeps its features, marked
                # current so that `relink` does not take its story up on every run.
                features = {**(own[0].features if len(own) == 1 else claim.features)}
                features["v"] = FEATURES_VERSION
            if features != claim.features:
                claim.features = features
                changed.append(claim)
    described = {claim.pk for claim in changed}
    unencoded = [claim for claim in claims if claim.vector is None]
    for claim, vector in zip(unencoded, semantics.encode([c.text for c in unencoded]), strict=True):
        if vector is not None:
            claim.vector = vector
            if claim.pk not in described:
                changed.append(claim)
    Claim.objects.bulk_update(changed, ["features", "vector"], batch_size=500)
    if changed:
        _story_claims.clear()
    return len(changed)


def _refs(claims: QuerySet[Claim]) -> list[ClaimRef]:
    rows = claims.values_list(
        "pk", "article_id", "sentence_id", "text", "features", "article__published", "vector"
    ).order_by("pk")
    return [ClaimRef(*row[:-1], vector=_bytes(row[-1])) for row in rows]


def _bytes(value: bytes | memoryview | None) -> bytes | None:
    """A binary column as bytes (PostgreSQL's driver gives a memoryview)."""
    return None if value is None else bytes(value)


def _write(links: Sequence[LinkData], *, scope: Q | None) -> int:
    """Store `links` as the automatic links in `scope` (None: there are none yet); returns
    how many automatic links that makes. Editor decisions are kept; automatic links that
    stay as they are keep their rows (and ids), only the others are replaced."""
    wanted = {(link.a, link.b): link for link in links}
    kept = 0
    if scope is not None:
        stale: list[int] = []
        rows = ClaimLink.objects.filter(scope).values_list(
            "pk", "a_id", "b_id", "origin", "score", "relation", "differences"
        )
        for pk, a, b, origin, score, relation, differences in rows:
            link = wanted.get((a, b))
            if origin == ClaimLink.Origin.EDITOR:
                wanted.pop((a, b), None)  # an editor's decision stands
            elif link is not None and (score, relation, differences) == (
                round(link.score, 4),
                link.relation,
                link.differences,
            ):
                del wanted[a, b]  # unchanged: its row stays
                kept += 1
            else:
                stale.append(pk)
        # Automatic links have no dependents and need no history: a raw delete skips the
        # per-row signals django-simple-history listens to (7x faster on a 480-link story).
        for start in range(0, len(stale), DELETE_BATCH):
            replaced = ClaimLink.objects.filter(pk__in=stale[start : start + DELETE_BATCH])
            replaced._raw_delete(replaced.db)
    created = ClaimLink.objects.bulk_create(
        ClaimLink(
            a_id=link.a,
            b_id=link.b,
            score=round(link.score, 4),
            relation=link.relation,
            differences=link.differences,
            origin=ClaimLink.Origin.AUTO,
        )
        for link in wanted.values()
    )
    return kept + len(created)

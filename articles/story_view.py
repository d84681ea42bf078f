"""Load what the story page, the claim panel and the coverage matrix show.

Each builder runs a fixed number of queries, whatever the number of claims, and hands
the rows to the pure functions of `articles.reading`. Editorial marks (tags, review
status) come along: the status with the claims, the tags of the whole story in one query.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, Max, Sum, Value, When

from articles.models import Article, Sentence, Story
from articles.page_cache import computed_once
from articles.reading import (
    MATCHING,
    Edge,
    State,
    TagChip,
    claim_groups,
    claim_states,
    mark,
    oriented,
    pieces,
)
from claims.models import Claim, ClaimLink, ClaimNote

MAX_COLUMNS = 10
# The panel lists every claim that states the same thing, and only the closest of those
# that are merely about the same thing.
MAX_RELATED = 3


CLAIM_FIELDS = ("pk", "article_id", "sentence_id", "start", "end", "text", "status")


@dataclass(frozen=True)
class ClaimRow:
    id: int
    article: int
    sentence: int
    start: int
    end: int
    text: str
    status: str = Claim.Status.UNREVIEWED

    @property
    def reviewed(self) -> str:
        """The review status worth showing: empty while unreviewed."""
        return "" if self.status == Claim.Status.UNREVIEWED else self.status


@dataclass(frozen=True)
class TagOption:
    """A tag of the story for the tag filter, with the number of claims that carry it."""

    tag: TagChip
    claims: int


@dataclass
class StoryTags:
    """The tags on a story's claims and the tag the reader filters by, if any."""

    by_claim: dict[int, list[TagChip]]
    options: list[TagOption]
    chosen: str = ""  # the name of the tag filtered by, as requested when no tag has it

    @property
    def known(self) -> bool:
        """Whether the tag filtered by is on any claim of the story."""
        return any(option.tag.name == self.chosen for option in self.options)

    def has(self, claim: int) -> bool:
        """Whether `claim` passes the tag filter."""
        wanted = self.chosen.casefold()
        return not wanted or any(t.name.casefold() == wanted for t in self.by_claim.get(claim, ()))


def story_tags(story_id: int, *, requested: str = "") -> StoryTags:
    """Each claim's tags in the story, in one query; `requested` is a tag's name or id."""
    rows = (
        Claim.tags.through.objects.filter(claim__article__story_id=story_id)
        .order_by("tag__name", "claim_id")
        .values_list("claim_id", "tag_id", "tag__name", "tag__colour", "tag__description")
    )
    by_claim: dict[int, list[TagChip]] = defaultdict(list)
    tags: dict[int, TagChip] = {}
    counts: Counter[int] = Counter()
    for claim, pk, name, colour, description in rows:
        chip = tags.setdefault(pk, TagChip.of(pk, name, colour, description))
        by_claim[claim].append(chip)
        counts[pk] += 1
    chosen = requested.strip()
    for chip in tags.values():
        if chosen == str(chip.pk) or chosen.casefold() == chip.name.casefold():
            chosen = chip.name
    return StoryTags(
        by_claim=dict(by_claim),
        options=[TagOption(chip, counts[pk]) for pk, chip in tags.items()],
        chosen=chosen,
    )


@dataclass(frozen=True)
class PieceView:
    text: str
    claim: int | None = None
    state: State | None = None
    href: str = ""
    css: str = ""
    tags: Sequence[TagChip] = ()
    status: str = ""  # the review status, when the claim has been reviewed


@dataclass
class SentenceView:
    sentence: Sentence
    pieces: list[PieceView]
    hit: bool = False


@dataclass
class Column:
    article: Article
    paragraphs: list[list[SentenceView]]
    counts: Counter[State]
    left: str = ""
    right: str = ""
    without: str = ""


@dataclass
class Match:
    claim: Claim
    relation: str
    score: float
    differences: list[dict[str, str]]
    mine: list[tuple[str, bool]]
    theirs: list[tuple[str, bool]]


@dataclass
class Panel:
    claim: Claim
    state: State
    matches: list[Match]
    silent: list[Article]

    @property
    def match_ids(self) -> list[int]:
        """Claims that state the same thing (agree or diverge)."""
        return [m.claim.pk for m in self.matches if m.relation != "related"]

    @property
    def related_ids(self) -> list[int]:
        return [m.claim.pk for m in self.matches if m.relation == "related"]


@dataclass
class StoryPage:
    story: Story
    articles: list[Article]
    columns: list[Column]
    states: dict[int, State]
    counts: Counter[State]
    only: str
    query: str
    hits: int
    tags: StoryTags
    marked: int = 0  # claims marked in the columns, after the filters
    panel: Panel | None = None
    shown: list[int] = field(default_factory=list)

    @property
    def tag(self) -> str:
        return self.tags.chosen

    @property
    def pending(self) -> int:
        """Articles a batch import has saved but not linked yet (it links them at its end)."""
        return sum(article.links_pending for article in self.articles)

    @property
    def addable(self) -> list[tuple[Article, str]]:
        """Articles not shown, each with the `cols` value that adds it as the last column."""
        cols = ",".join(map(str, self.shown))
        return [(a, f"{cols},{a.pk}") for a in self.articles if a.pk not in self.shown]


def choose_columns(articles: Sequence[Article], requested: Iterable[int]) -> list[Article]:
    """The articles to show, in the requested order; all (up to the maximum) by default."""
    by_id = {a.pk: a for a in articles}
    chosen = [by_id[pk] for pk in dict.fromkeys(requested) if pk in by_id]
    return (chosen or list(articles))[:MAX_COLUMNS]


def column_moves(shown: Sequence[Article], i: int) -> dict[str, str]:
    """`cols` values that move column `i` left or right, or hide it (keeping at least two)."""
    ids = [a.pk for a in shown]

    def cols(order: Sequence[int]) -> str:
        return ",".join(map(str, order))

    moves = {}
    if i > 0:
        moves["left"] = cols([*ids[: i - 1], ids[i], ids[i - 1], *ids[i + 1 :]])
    if i < len(ids) - 1:
        moves["right"] = cols([*ids[:i], ids[i + 1], ids[i], *ids[i + 2 :]])
    if len(ids) > 2:
        moves["without"] = cols(ids[:i] + ids[i + 1 :])
    return moves


def matching_edges(story_ids: Sequence[int]) -> list[Edge]:
    """The visible agree and diverge links of these stories (related links decide nothing)."""
    rows = (
        ClaimLink.objects.visible()
        .filter(a__article__story_id__in=story_ids, relation__in=MATCHING)
        .order_by()  # the default ordering would join and sort every link's claims
        .values_list("a_id", "b_id", "relation")
    )
    return [Edge(*row) for row in rows]


def build_story_page(
    story: Story,
    *,
    order: Iterable[int],
    selected: int | None,
    only: str,
    query: str,
    tag: str = "",
    claim_href: str = "?claim=",
) -> StoryPage:
    """The story page; `claim_href` + a claim id is the permalink that selects it.

    `only` (a state) and `tag` (a tag's name or id) filter which claims are marked.
    """
    articles = list(Article.objects.filter(story=story).for_reading())
    shown = choose_columns(articles, order)
    sentences = Sentence.objects.filter(article__in=[a.pk for a in shown]).order_by(
        "article_id", "position"
    )
    claims = [
        ClaimRow(*row)
        for row in Claim.objects.filter(article__in=[a.pk for a in shown])
        .order_by("start")
        .values_list(*CLAIM_FIELDS)
    ]
    tags = story_tags(story.pk, requested=tag)
    rows = {c.id: c for c in claims}
    states = claim_states((c.id for c in claims), matching_edges([story.pk]))
    panel = build_panel(story, selected, articles=shown) if selected else None
    highlight = {}
    if panel:
        highlight = dict.fromkeys(panel.related_ids, " is-related")
        highlight.update(dict.fromkeys(panel.match_ids, " is-match"))
        highlight[panel.claim.pk] = " is-selected"
    visible = {c.id for c in claims if (not only or states[c.id] == only) and tags.has(c.id)}
    spans: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for claim in claims:
        if claim.id in visible:
            spans[claim.sentence].append((claim.id, claim.start, claim.end))

    needle = query.casefold()
    titles = {a.pk: a.title for a in shown}
    by_article: dict[int, list[list[SentenceView]]] = defaultdict(list)
    hits = 0
    for sentence in sentences:
        if sentence.paragraph == 0 and sentence.text == titles[sentence.article_id]:
            continue  # the headline already heads the column
        paragraphs = by_article[sentence.article_id]
        if not paragraphs or paragraphs[-1][0].sentence.paragraph != sentence.paragraph:
            paragraphs.append([])
        hit = bool(needle) and needle in sentence.text.casefold()
        hits += hit
        views = [
            PieceView(
                p.text,
                p.claim,
                states[p.claim],
                f"{claim_href}{p.claim}",
                f"claim state-{states[p.claim]}{highlight.get(p.claim, '')}",
                tags.by_claim.get(p.claim, ()),
                rows[p.claim].reviewed,
            )
            if p.claim
            else PieceView(p.text)
            for p in pieces(sentence.text, sentence.start, spans[sentence.pk])
        ]
        paragraphs[-1].append(SentenceView(sentence, views, hit))
    columns = [
        Column(
            article,
            by_article[article.pk],
            Counter(states[c.id] for c in claims if c.article == article.pk),
            **column_moves(shown, i),
        )
        for i, article in enumerate(shown)
    ]
    return StoryPage(
        story=story,
        articles=articles,
        columns=columns,
        states=states,
        counts=Counter(states.values()),
        only=only,
        query=query,
        hits=hits,
        tags=tags,
        marked=len(visible),
        panel=panel,
        shown=[a.pk for a in shown],
    )


def build_panel(story: Story, claim_id: int, *, articles: Sequence[Article]) -> Panel | None:
    """The selected claim with its matches in the other articles and what differs."""
    claim = (
        Claim.objects.in_story(story.pk)
        .select_related("article__outlet")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        return None
    touching = (
        ClaimLink.objects.visible()
        .touching(claim.pk)
        .select_related("a__article__outlet", "b__article__outlet")
        .order_by("-score", "a_id", "b_id")
    )
    links = [
        *touching.filter(relation__in=MATCHING),
        *touching.filter(relation=ClaimLink.Relation.RELATED)[:MAX_RELATED],
    ]
    matches = []
    state = State.UNIQUE
    for link in links:
        flip = link.b_id == claim.pk
        other = link.a if flip else link.b
        differences = oriented(link.differences, flip=flip)
        matches.append(
            Match(
                claim=other,
                relation=link.relation,
                score=link.score,
                differences=differences,
                mine=mark(claim.text, [d["mine"] for d in differences]),
                theirs=mark(other.text, [d["theirs"] for d in differences]),
            )
        )
        if link.relation == "diverge":
            state = State.DIVERGING
        elif link.relation == "agree" and state is State.UNIQUE:
            state = State.CORROBORATED
    order = {a.pk: i for i, a in enumerate(articles)}
    matches.sort(key=lambda m: (order.get(m.claim.article_id, len(order)), -m.score))
    reporting = {m.claim.article_id for m in matches if m.relation != "related"}
    silent = [a for a in articles if a.pk != claim.article_id and a.pk not in reporting]
    return Panel(claim=claim, state=state, matches=matches, silent=silent)


@dataclass
class Cell:
    article: Article
    state: str  # "agrees", "diverges", "unique" or "missing"
    claims: list[ClaimRow]
    values: list[str]


@dataclass
class Row:
    lead: ClaimRow
    cells: list[Cell]
    reported: int
    diverging: bool
    # A row is one fact as the outlets report it: a tag or a verdict on any of its claims
    # concerns the fact, so the row shows the union of its claims' tags and statuses.
    tags: list[TagChip] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)


def build_matrix(
    story: Story, *, order: Iterable[int], only: str, sort: str, tag: str = ""
) -> dict[str, Any]:
    articles = list(Article.objects.filter(story=story).for_reading())
    shown = choose_columns(articles, order)
    position = {a.pk: i for i, a in enumerate(shown)}
    claims = sorted(
        (
            ClaimRow(*row)
            for row in Claim.objects.filter(article__in=list(position)).values_list(*CLAIM_FIELDS)
        ),
        key=lambda c: (position[c.article], c.start),
    )
    by_id = {c.id: c for c in claims}
    tags = story_tags(story.pk, requested=tag)
    edges = [e for e in matching_edges([story.pk]) if e.a in by_id and e.b in by_id]
    diverging_values: dict[int, list[str]] = defaultdict(list)
    diverging = (
        ClaimLink.objects.visible()
        .in_story(story.pk)
        .filter(relation=ClaimLink.Relation.DIVERGE)
        .values_list("a_id", "b_id", "differences")
    )
    for a, b, differences in diverging:
        for d in differences:
            diverging_values[a].append(d.get("a", ""))
            diverging_values[b].append(d.get("b", ""))
    rows = []
    for group in claim_groups([c.id for c in claims], edges):
        members = [by_id[pk] for pk in group]
        cells = []
        for article in shown:
            mine = [c for c in members if c.article == article.pk]
            values = sorted({v for c in mine for v in diverging_values.get(c.id, []) if v})
            if not mine:
                state = "missing"
            elif any(c.id in diverging_values for c in mine):
                state = "diverges"
            elif len({c.article for c in members}) == 1:
                state = "unique"
            else:
                state = "agrees"
            cells.append(Cell(article, state, mine, values))
        reported = sum(cell.state != "missing" for cell in cells)
        chips = {t.pk: t for c in members for t in tags.by_claim.get(c.id, ())}
        rows.append(
            Row(
                members[0],
                cells,
                reported,
                any(c.state == "diverges" for c in cells),
                sorted(chips.values(), key=lambda t: t.name),
                sorted({c.reviewed for c in members if c.reviewed}),
            )
        )
    if only == "diverging":
        rows = [r for r in rows if r.diverging]
    elif only == "unique":
        rows = [r for r in rows if r.reported == 1]
    if tags.chosen:
        wanted = tags.chosen.casefold()
        rows = [r for r in rows if any(t.name.casefold() == wanted for t in r.tags)]
    if sort in ("most", "fewest"):
        rows.sort(key=lambda r: r.reported, reverse=sort == "most")
    return {"story": story, "articles": articles, "columns": shown, "rows": rows, "tags": tags}


def claim_counts(
    story_ids: Sequence[int], *, fingerprints: dict[int, Fingerprint] | None = None
) -> dict[int, Counter[State]]:
    """Corroborated / diverging / unique claim counts for each story.

    Counting reads every claim and matching link of the stories, which grows with them,
    so the counts are cached per story under its fingerprint (`story_fingerprints`; pass
    them when already read). Only stories whose fingerprint is new are counted again.

    A story that is slow to count and changes all the time (an import adds an article to
    it every second or two) would be counted again for almost every request. So its last
    counts stand in while they are younger than `STALE_FACTOR` times what counting it took
    (never longer than `MAX_STALE_SECONDS`, and only when counting took `SLOW_COUNT_SECONDS`
    or more): recounting then takes at most a `STALE_FACTOR`th of the CPU, and the counts
    of a story being imported into lag by a few seconds. While one request counts such a
    story again, the others show its last counts instead of waiting for it. Small stories
    are always exact.
    """
    if fingerprints is None:
        fingerprints = story_fingerprints(story_ids)
    keys = {
        pk: f"claim-counts:{pk}:{hashlib.sha1(repr(fingerprints.get(pk)).encode()).hexdigest()}"
        for pk in story_ids
    }
    found = cache.get_many(list(keys.values()))
    counts = {pk: Counter(found[key]) for pk, key in keys.items() if key in found}
    missing = [pk for pk in story_ids if pk not in counts]

    def count(stories: list[int]) -> dict[int, dict[State, int]]:
        started = time.perf_counter()
        fresh = {pk: dict(counter) for pk, counter in _count_states(stories).items()}
        took, at = time.perf_counter() - started, time.time()
        cache.set_many(
            {_latest_key(pk): {"counts": fresh[pk], "at": at, "took": took} for pk in stories},
            timeout=COUNTS_CACHE_SECONDS,
        )
        return fresh

    if missing:
        latest = cache.get_many([_latest_key(pk) for pk in missing])
        now = time.time()
        recount = []
        for pk in missing:
            entry = latest.get(_latest_key(pk))
            if entry is None or entry["took"] < SLOW_COUNT_SECONDS:
                continue
            recent = now - entry["at"] < min(MAX_STALE_SECONDS, STALE_FACTOR * entry["took"])
            if recent or not cache.add(_counting_key(pk), 1, timeout=COUNTING_LOCK_SECONDS):
                # Recent enough, or another request is counting it now: the last counts
                # stand in rather than keep this request waiting.
                counts[pk] = Counter(entry["counts"])
            else:
                recount.append(pk)
        if recount:
            try:
                fresh = count(recount)
                cache.set_many({keys[pk]: fresh[pk] for pk in recount}, COUNTS_CACHE_SECONDS)
            finally:
                cache.delete_many([_counting_key(pk) for pk in recount])
            counts.update((pk, Counter(fresh[pk])) for pk in recount)
        missing = [pk for pk in missing if pk not in counts]
    if missing:
        fresh = computed_once({pk: keys[pk] for pk in missing}, count, timeout=COUNTS_CACHE_SECONDS)
        counts.update((pk, Counter(value)) for pk, value in fresh.items())
    return counts


def _counting_key(story_id: int) -> str:
    return f"claim-counts-counting:{story_id}"


def _latest_key(story_id: int) -> str:
    return f"claim-counts-latest:{story_id}"


# Stand-in counts for stories slow to count: see `claim_counts`.
SLOW_COUNT_SECONDS = 0.1
STALE_FACTOR = 20
MAX_STALE_SECONDS = 30
COUNTING_LOCK_SECONDS = 60
# Also a bound on how long a change that no fingerprint catches could go unseen.
COUNTS_CACHE_SECONDS = 600

Fingerprint = tuple[Any, ...]


def story_fingerprints(story_ids: Sequence[int]) -> dict[int, Fingerprint]:
    """For each story, a fingerprint of everything the reading pages show of it.

    Four small queries: three aggregates over articles, claims and notes, and the
    stories' `links_revision` (not an aggregate over links: a story of 100 articles has
    some 100,000). What changes it:
    - articles imported, replaced or deleted: their number and highest id (ids only grow,
      so a deletion plus an import still changes the highest id), and with them their
      sentences and claims, which are only ever written with their article;
    - an article's metadata corrected in the admin: the newest `Article.updated_at`;
    - an editor's review status or tag change on a claim: the sum of `Claim.version`
      (`claims.editing` bumps it on every such change, the admin goes through it too);
    - links: those an import makes come with their article (above); re-linking a story
      or an article, and every link saved one by one (an editor's decision or link, a
      decision carried over to a new version of an article) raise `links_revision`;
    - notes added or deleted: their number and highest id.
    Tags, outlets and users (names shown in chips, columns and the panel) are global and
    rarely change: `articles.page_cache.generation` covers them.

    Without `order_by()`, the models' default orderings would join every claim's article
    and story a second time, though the aggregates drop the ordering itself.
    """
    articles = (
        Article.objects.filter(story_id__in=story_ids)
        .order_by()
        .values("story_id")
        .annotate(n=Count("pk"), last=Max("pk"), edited=Max("updated_at"))
        .values_list("story_id", "n", "last", "edited")
    )
    claims = (
        Claim.objects.filter(article__story_id__in=story_ids)
        .order_by()
        .values("article__story_id")
        .annotate(n=Count("pk"), last=Max("pk"), edits=Sum("version"))
        .values_list("article__story_id", "n", "last", "edits")
    )
    links = Story.objects.filter(pk__in=story_ids).order_by().values_list("pk", "links_revision")
    notes = (
        ClaimNote.objects.filter(claim__article__story_id__in=story_ids)
        .order_by()
        .values("claim__article__story_id")
        .annotate(n=Count("pk"), last=Max("pk"))
        .values_list("claim__article__story_id", "n", "last")
    )
    parts = (articles, claims, links, notes)
    found: dict[int, list[tuple[Any, ...]]] = {}
    for i, rows in enumerate(parts):
        for story, *values in rows:
            found.setdefault(story, [()] * len(parts))[i] = tuple(values)
    return {story: tuple(prints) for story, prints in found.items()}


def _count_states(story_ids: Sequence[int]) -> dict[int, Counter[State]]:
    """Each story's claims by state (`reading.claim_states`), counted in the database: a
    story of 100 articles has some 50,000 matching links, too many to read row by row."""
    story_of = dict(
        Claim.objects.filter(article__story_id__in=story_ids)
        .order_by()
        .values_list("pk", "article__story_id")
    )
    links = (
        ClaimLink.objects.visible()
        .filter(a__article__story_id__in=story_ids, relation__in=MATCHING)
        .order_by()
    )
    # Per claim, its strongest matching link: 2 diverges, 1 agrees (0: none, unique).
    level = Max(Case(When(relation="diverge", then=Value(2)), default=Value(1)))
    strongest: dict[int, int] = {}
    for end in ("a_id", "b_id"):
        for claim, value in links.values(end).annotate(level=level).values_list(end, "level"):
            strongest[claim] = max(value, strongest.get(claim, 0))
    by_level = (State.UNIQUE, State.CORROBORATED, State.DIVERGING)
    counts: dict[int, Counter[State]] = {pk: Counter() for pk in story_ids}
    for claim, story in story_of.items():
        counts[story][by_level[strongest.get(claim, 0)]] += 1
    return counts

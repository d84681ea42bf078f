"""The story page, its claim panel (HTMX fragment) and the coverage matrix."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.reading import State
from claims.models import Claim, ClaimLink
from tests.factories import import_seeds, make_story, make_user

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def reader(client):
    client.force_login(make_user("reader"))
    return client


@pytest.fixture
def seeds():
    story, _ = import_seeds()
    return story


def diverging_link():
    return ClaimLink.objects.filter(relation="diverge").exclude(differences=[]).first()


def story_url(story, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("articles:story", args=[story.slug]) + (f"?{query}" if query else "")


def test_every_claim_is_marked_with_its_state_in_words(reader, seeds):
    page = reader.get(story_url(seeds)).content.decode()
    marked = re.findall(r'class="claim state-(\w+)', page)
    assert len(marked) == Claim.objects.count()
    assert set(marked) <= {"corroborated", "diverging", "unique"}
    for state in set(marked):
        assert f'<span class="visually-hidden"> ({state})</span>' in page


def test_claim_links_work_without_javascript_and_with_htmx(reader, seeds):
    page = reader.get(story_url(seeds)).content.decode()
    claim = Claim.objects.first()
    href = f'href="?claim={claim.pk}"'
    assert href in page
    assert f'hx-get="?claim={claim.pk}"' in page
    assert 'hx-push-url="true"' in page


def test_selected_claim_renders_the_panel_in_the_full_page(reader, seeds):
    link = diverging_link()
    page = reader.get(story_url(seeds, claim=link.a_id)).content.decode()
    assert f'data-selected="{link.a_id}"' in page
    assert f'id="c{link.a_id}" data-claim' in page
    assert "is-selected" in page
    assert "is-match" in page
    assert "<html" in page


def test_htmx_request_returns_only_the_panel_with_the_differences(reader, seeds):
    link = diverging_link()
    response = reader.get(story_url(seeds, claim=link.a_id), headers={**HTMX, "HX-Target": "panel"})
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<aside id="panel"')
    assert "diverges" in fragment
    difference = link.differences[0]
    assert f"<mark>{difference['a']}</mark>" in fragment
    assert f"<mark>{difference['b']}</mark>" in fragment
    assert "What differs" in fragment


def test_panel_from_the_other_side_swaps_the_values(reader, seeds):
    link = diverging_link()
    fragment = reader.get(
        story_url(seeds, claim=link.b_id), headers={**HTMX, "HX-Target": "panel"}
    ).content.decode()
    difference = link.differences[0]
    row = re.search(r"<tr><th scope=\"row\">.*?</tr>", fragment).group()
    assert row.index(difference["b"]) < row.index(difference["a"])


def test_panel_of_a_unique_claim_says_only_this_outlet(reader, seeds):
    linked = set(ClaimLink.objects.values_list("a_id", flat=True)) | set(
        ClaimLink.objects.values_list("b_id", flat=True)
    )
    unique = Claim.objects.exclude(pk__in=linked).select_related("article__outlet").first()
    fragment = reader.get(
        story_url(seeds, claim=unique.pk), headers={**HTMX, "HX-Target": "panel"}
    ).content.decode()
    assert f"Only {unique.article.label} reports this." in fragment
    assert "Not reported by" in fragment


def test_unknown_or_foreign_claim_shows_the_empty_panel(reader, seeds):
    other = make_story(2, 3, title="Other story")
    foreign = Claim.objects.filter(article__story=other).first()
    for claim in (foreign.pk, 999999, "junk"):
        response = reader.get(story_url(seeds, claim=claim), headers={**HTMX, "HX-Target": "panel"})
        assert response.status_code == 200
        assert "Select a claim" in response.content.decode()


def test_closing_the_panel_is_a_link_without_the_claim(reader, seeds):
    link = diverging_link()
    fragment = reader.get(
        story_url(seeds, claim=link.a_id, only="diverging"), headers={**HTMX, "HX-Target": "panel"}
    ).content.decode()
    assert 'href="?only=diverging"' in fragment
    assert "data-close" in fragment


def test_only_diverging_marks_only_diverging_claims(reader, seeds):
    page = reader.get(story_url(seeds, only="diverging")).content.decode()
    states = set(re.findall(r'class="claim state-(\w+)', page))
    assert states == {"diverging"}
    assert "Showing diverging claims only." in page


def test_only_diverging_on_a_story_without_divergence_says_so(reader):
    story = make_story(2, 3)
    ClaimLink.objects.filter(relation="diverge").update(relation="agree", differences=[])
    page = reader.get(story_url(story, only="diverging")).content.decode()
    assert "No diverging claims in this story." in page


def test_find_in_story_highlights_matching_sentences(reader, seeds):
    page = reader.get(story_url(seeds, q="Harbin")).content.decode()
    hits = page.count(' hit"')
    assert hits > 3
    assert f"{hits} sentences contain “Harbin”." in page
    assert "No sentence contains" in reader.get(story_url(seeds, q="zebra")).content.decode()


def test_columns_can_be_chosen_and_reordered(reader, seeds):
    ids = list(seeds.articles.order_by("id").values_list("pk", flat=True))
    page = reader.get(story_url(seeds, cols=f"{ids[2]},{ids[0]}")).content.decode()
    shown = [int(pk) for pk in re.findall(r'class="column" data-article="(\d+)"', page)]
    assert shown == [ids[2], ids[0]]
    assert "add a column" in page
    assert f"cols={ids[2]}%2C{ids[0]}%2C{ids[1]}" in page


def test_headline_outlet_and_byline_head_each_column(reader, seeds):
    page = reader.get(story_url(seeds)).content.decode()
    assert page.count('class="column-head"') == 3
    assert "By Qian Lang" in page
    assert "Putin Talks Tech, Energy Cooperation In China’s Harbin</h2>" in page


def test_matrix_has_a_row_per_claim_group_and_a_column_per_article(reader, seeds):
    response = reader.get(reverse("articles:matrix", args=[seeds.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<th scope="row">') > 10
    assert "not reported" in page
    assert "diverges" in page
    assert f'href="/stories/{seeds.slug}/?claim=' in page


def test_matrix_filters_and_sorting(reader, seeds):
    url = reverse("articles:matrix", args=[seeds.slug])
    diverging = reader.get(url, {"only": "diverging"}, headers={**HTMX, "HX-Target": "matrix"})
    fragment = diverging.content.decode()
    assert "<html" not in fragment
    assert fragment.count('<tr class="row-diverging">') == fragment.count('<th scope="row">')
    unique = reader.get(url, {"only": "unique"}).content.decode()
    assert unique.count('<td class="num">1</td>') == unique.count('<th scope="row">')
    most = reader.get(url, {"sort": "most"}).content.decode()
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', most)]
    assert counts == sorted(counts, reverse=True)


def test_stories_list_counts_claim_states(reader, seeds):
    page = reader.get(reverse("articles:stories")).content.decode()
    from articles.story_view import claim_counts

    counts = claim_counts([seeds.pk])[seeds.pk]
    assert f"{counts[State.DIVERGING]} diverging" in page
    assert f"{counts[State.UNIQUE]} unique" in page


def count_queries(client, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **kwargs).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_the_number_of_claims(reader):
    small = make_story(2, 3, title="Small")
    large = make_story(6, 30, title="Large")
    assert (
        Claim.objects.filter(article__story=large).count()
        > 10 * Claim.objects.filter(article__story=small).count()
    )
    for name, kwargs in [
        ("story", {}),
        ("story", {"data": {"claim": None}}),
        ("matrix", {}),
    ]:
        counts = []
        for story in (small, large):
            data = dict(kwargs.get("data", {}))
            if "claim" in data:
                data["claim"] = Claim.objects.filter(article__story=story).first().pk
            counts.append(
                count_queries(reader, reverse(f"articles:{name}", args=[story.slug]), data=data)
            )
        assert counts[0] == counts[1], (name, counts)
    panel = [
        count_queries(
            reader,
            reverse("articles:story", args=[story.slug]),
            data={"claim": Claim.objects.filter(article__story=story).first().pk},
            headers={**HTMX, "HX-Target": "panel"},
        )
        for story in (small, large)
    ]
    assert panel[0] == panel[1]
    # The stories' fingerprints cost 4 small queries; rendering the rows afresh (when a
    # story changed since) 4 more: outlets, and counting the claims anew (the claims, their
    # links grouped by either end).
    assert count_queries(reader, reverse("articles:stories")) <= 15
    assert count_queries(reader, reverse("articles:stories")) <= 11


def test_story_counts_are_cached_until_a_decision_or_an_import_changes_them():
    from articles.story_view import _count_states, claim_counts
    from claims import editing

    story = make_story(3, 6)
    first = claim_counts([story.pk])[story.pk]
    assert first[State.DIVERGING] > 0
    assert claim_counts([story.pk])[story.pk] == first  # from the cache

    # An editor turns every diverging link into an agreeing one: the counts follow.
    editor = make_user("editor")
    for link in ClaimLink.objects.filter(a__article__story=story, relation="diverge"):
        editing.decide_link(link_id=link.pk, decision="agree", version=link.version, user=editor)
    after_decisions = claim_counts([story.pk])[story.pk]
    assert after_decisions[State.DIVERGING] == 0
    assert after_decisions[State.CORROBORATED] > first[State.CORROBORATED]

    # A new article in the story: its claims are counted.
    make_story(4, 6)
    after_import = claim_counts([story.pk])[story.pk]
    assert sum(after_import.values()) > sum(after_decisions.values())
    assert after_import == _count_states([story.pk])[story.pk]  # what counting anew gives


def test_a_story_slow_to_count_shows_its_last_counts_for_a_while():
    from django.core.cache import cache

    from articles.story_view import STALE_FACTOR, _count_states, claim_counts

    story = make_story(3, 6)
    first = claim_counts([story.pk])[story.pk]
    latest = f"claim-counts-latest:{story.pk}"
    # Say counting it took a second: after a new article, its last counts stand in...
    cache.set(latest, {**cache.get(latest), "took": 1.0})
    make_story(4, 6)
    assert claim_counts([story.pk])[story.pk] == first
    # ...until they are older than STALE_FACTOR times that second.
    entry = cache.get(latest)
    cache.set(latest, {**entry, "at": entry["at"] - STALE_FACTOR - 1})
    # While another request counts it again, they still stand in, without waiting.
    cache.add(f"claim-counts-counting:{story.pk}", 1)
    assert claim_counts([story.pk])[story.pk] == first
    cache.delete(f"claim-counts-counting:{story.pk}")
    fresh = claim_counts([story.pk])[story.pk]
    assert fresh == _count_states([story.pk])[story.pk]
    assert sum(fresh.values()) > sum(first.values())


def tag(claim_ids, name, *, user=None):
    from claims import editing
    from claims.models import Tag

    user = user or make_user("editor", username=f"tagger-{name}")
    for pk in claim_ids:
        editing.add_tag(claim_id=pk, tag_id=Tag.objects.get(name=name).pk, user=user)


def marked(page):
    return [int(pk) for pk in re.findall(r'<a class="claim [^"]*" id="c(\d+)"', page)]


def marks_after(page, claim_id):
    """The editorial marks rendered right after a claim in its column, or ""."""
    after = page.split(f'id="c{claim_id}"', 1)[1].split("</a>", 1)[1]
    after = after.split("</span>", 1)[1]  # the state icon
    return (
        after.split('<span class="claim-marks">', 1)[1]
        if after.startswith('<span class="claim-marks">')
        else ""
    )


def test_columns_show_each_claims_tags_and_review_status_as_text(reader, seeds):
    from claims import editing

    link = diverging_link()
    tag([link.a_id], "needs-check")
    tag([link.a_id], "opinion")
    editor = make_user("editor", username="stat")
    editing.set_status(claim_id=link.a_id, status="disputed", note="", version=2, user=editor)
    page = reader.get(story_url(seeds)).content.decode()
    marks = marks_after(page, link.a_id)
    assert '<span class="visually-hidden">review status: </span>disputed</span>' in marks
    chips = re.findall(
        r'<span class="tag-chip ink-(\w+)" data-colour="(#\w+)"[^>]*>'
        r'<span class="visually-hidden">tag: </span>([\w-]+)</span>',
        marks,
    )
    assert [name for _, _, name in chips] == ["needs-check", "opinion"]
    # An untagged, unreviewed claim carries no marks; "unreviewed" is never shown.
    assert marks_after(page, link.b_id) == ""
    assert "review status: </span>unreviewed" not in page


def test_tag_chip_text_colour_meets_wcag_aa_on_any_tag_colour():
    from articles.reading import INK, contrast, ink

    steps = range(0, 256, 15)
    for r in steps:
        for g in steps:
            for b in steps:
                colour = f"#{r:02x}{g:02x}{b:02x}"
                assert contrast(INK[ink(colour)], colour) >= 4.5, colour
    assert ink("#ffffff") == "dark"
    assert ink("#1d232b") == "light"
    assert ink("not a colour") == "dark"


def test_chips_use_the_computed_ink_for_each_predefined_tag(reader, seeds):
    from articles.reading import ink
    from claims.models import Tag

    claim = Claim.objects.filter(article__story=seeds).order_by("pk").first()
    names = list(Tag.objects.values_list("name", flat=True))
    for name in names:
        tag([claim.pk], name)
    marks = marks_after(reader.get(story_url(seeds)).content.decode(), claim.pk)
    for t in Tag.objects.all():
        assert f'class="tag-chip ink-{ink(t.colour)}" data-colour="{t.colour}"' in marks, t.name


def test_tag_filter_marks_only_tagged_claims_and_combines_with_only(reader, seeds):
    from claims.models import Tag

    diverging = diverging_link().a_id
    calm = next(c for c, s in _states(seeds).items() if s != State.DIVERGING)
    tag([diverging, calm], "needs-check")
    page = reader.get(story_url(seeds, tag="needs-check")).content.decode()
    assert sorted(marked(page)) == sorted([diverging, calm])
    assert "Showing only the 2 claims tagged “needs-check”." in page
    assert '<option value="needs-check" selected>needs-check (2)</option>' in page
    # A permalink keeps the filter when a claim is selected.
    assert f'href="?tag=needs-check&amp;claim={calm}"' in page
    both = reader.get(story_url(seeds, tag="needs-check", only="diverging")).content.decode()
    assert marked(both) == [diverging]
    assert "Showing only the 1 diverging claim tagged “needs-check”." in both
    by_id = reader.get(story_url(seeds, tag=Tag.objects.get(name="needs-check").pk))
    assert sorted(marked(by_id.content.decode())) == sorted([diverging, calm])
    upper = reader.get(story_url(seeds, tag="Needs-Check")).content.decode()
    assert sorted(marked(upper)) == sorted([diverging, calm])
    none = reader.get(story_url(seeds, tag="opinion")).content.decode()
    assert marked(none) == []
    assert "No claim in this story is tagged “opinion”." in none


def test_story_without_tags_has_no_tag_filter(reader, seeds):
    page = reader.get(story_url(seeds)).content.decode()
    assert 'name="tag"' not in page
    assert "claim-marks" not in page


def _states(story):
    from articles.reading import claim_states
    from articles.story_view import matching_edges

    ids = Claim.objects.filter(article__story=story).values_list("pk", flat=True)
    return claim_states(ids, matching_edges([story.pk]))


def test_matrix_rows_show_the_union_of_their_claims_tags_and_filter_by_tag(reader, seeds):
    from claims import editing

    link = diverging_link()
    tag([link.a_id], "needs-check")
    tag([link.b_id], "opinion")
    editor = make_user("editor", username="stat")
    editing.set_status(claim_id=link.b_id, status="misleading", note="", version=1, user=editor)
    url = reverse("articles:matrix", args=[seeds.slug])
    page = reader.get(url).content.decode()
    assert '<select id="tag-filter" name="tag">' in page
    assert '<option value="needs-check">needs-check (1)</option>' in page
    fragment = reader.get(
        url, {"tag": "opinion"}, headers={**HTMX, "HX-Target": "matrix"}
    ).content.decode()
    assert "<html" not in fragment
    assert fragment.count('<th scope="row">') == 1
    row = re.search(r'<th scope="row">.*?</th>', fragment, re.S).group()
    assert "needs-check</span>" in row
    assert "opinion</span>" in row
    assert "review status: </span>misleading" in row
    assert "1 claim group tagged “opinion”." in fragment
    combined = reader.get(url, {"tag": "opinion", "only": "unique"}).content.decode()
    assert '<th scope="row">' not in combined
    assert "No unique claim group is tagged “opinion”." in combined
    assert '<option value="opinion" selected>' in combined
    # Untagged rows show no marks.
    assert reader.get(url).content.decode().count('class="claim-marks"') == 1


def test_tags_do_not_add_queries_per_claim(reader):
    small = make_story(2, 3, title="Small")
    large = make_story(6, 30, title="Large")
    counts = {}
    for story in (small, large):
        claims = list(Claim.objects.filter(article__story=story).values_list("pk", flat=True))
        tag(claims[::2], "needs-check", user=make_user("editor", username=f"t-{story.pk}"))
        tag(claims[::3], "opinion", user=make_user("editor", username=f"o-{story.pk}"))
        for name, data in [
            ("story", {}),
            ("story", {"tag": "opinion", "only": "diverging"}),
            ("matrix", {}),
            ("matrix", {"tag": "needs-check"}),
        ]:
            url = reverse(f"articles:{name}", args=[story.slug])
            counts.setdefault((name, str(data)), []).append(count_queries(reader, url, data=data))
    for key, (few, many) in counts.items():
        assert few == many, key


def test_articles_an_import_has_not_linked_yet_are_announced_until_it_links_them(
    reader, monkeypatch
):
    from articles.importing import import_articles
    from articles.models import Article, Story
    from claims.linking import relink_story
    from tests.factories import SEEDS

    monkeypatch.setattr("articles.importing.relink_story", lambda story: 0)  # still running
    report = import_articles(paths=[SEEDS], story="Running")
    story = Story.objects.get(slug=report.stories[0])
    page = reader.get(story_url(story)).content.decode()
    assert "2 articles of an import still running are linked when it ends" in page
    relink_story(story)  # what the import does when it ends
    assert not Article.objects.filter(links_pending=True).exists()
    assert "still running" not in reader.get(story_url(story)).content.decode()

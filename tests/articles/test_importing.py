"""The import workflow and `manage.py import_articles`."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q

from articles.importing import Status, import_articles
from articles.models import Article, Outlet, Sentence, Story
from claims.models import Claim
from tests.factories import SEEDS, import_seeds, write

pytestmark = pytest.mark.django_db


def run_command(*args):
    out = io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_seeds_import_as_one_story_with_exact_offsets():
    story, report = import_seeds()
    assert [r.status for r in report.results] == [Status.IMPORTED] * 3
    assert story.title == "Putin in China"
    articles = list(story.articles.all())
    assert sorted(a.source_file for a in articles) == sorted(p.name for p in SEEDS.glob("*.txt"))
    for article in articles:
        assert article.text == (SEEDS / article.source_file).read_text().strip()
        for sentence in article.sentences.all():
            assert article.text[sentence.start : sentence.end] == sentence.text
        assert article.claims.exists()
        for claim in article.claims.all():
            assert article.text[claim.start : claim.end] == claim.text
    assert Outlet.objects.get().name == "Unknown"


def test_titles_come_from_headlines_or_the_first_sentence():
    story, _ = import_seeds()
    titles = dict(story.articles.values_list("source_file", "title"))
    assert (
        titles["003_675a4f0b8f43f9eb.txt"]
        == "Putin Talks Tech, Energy Cooperation In China’s Harbin"
    )
    assert titles["002_5e597011c1af1306.txt"].startswith("Joint declaration on strengthening")
    assert titles["000_b7f64bfcf579e603.txt"].startswith("Russian President Vladimir Putin")
    byline = story.articles.get(source_file="003_675a4f0b8f43f9eb.txt").byline
    assert byline == "By Qian Lang"


def test_headlines_bylines_and_boilerplate_yield_no_claims():
    import_seeds()
    assert not Claim.objects.exclude(sentence__kind=Sentence.Kind.BODY).exists()


def test_importing_the_same_text_again_creates_nothing():
    import_seeds()
    counts = (
        Story.objects.count(),
        Article.objects.count(),
        Sentence.objects.count(),
        Claim.objects.count(),
    )
    _, report = import_seeds(story="Another story")
    assert [r.status for r in report.results] == [Status.UNCHANGED] * 3
    assert counts == (
        Story.objects.count(),
        Article.objects.count(),
        Sentence.objects.count(),
        Claim.objects.count(),
    )


def test_a_directory_becomes_a_story_named_after_it(tmp_path):
    folder = tmp_path / "harbor-fire"
    write(folder, "a.txt", "Outlet: Coast News\n\nA fire broke out at the harbor on Monday.")
    write(
        folder, "sub/b.txt", "Outlet: Bay Times\n\nFirefighters battled a harbor blaze on Monday."
    )
    report = import_articles(paths=[folder])
    assert report.count(Status.IMPORTED) == 2
    story = Story.objects.get()
    assert (story.title, story.slug) == ("harbor-fire", "harbor-fire")
    assert set(story.articles.values_list("source_file", flat=True)) == {"a.txt", "sub/b.txt"}


def test_a_single_file_starts_a_new_story_named_after_the_article(tmp_path):
    path = write(tmp_path, "x.txt", "Title: Dam breaks upstream\n\nA dam broke upstream on Sunday.")
    import_articles(paths=[path])
    other = write(
        tmp_path, "y.txt", "Title: Dam breaks upstream\n\nWater poured through the valley."
    )
    import_articles(paths=[other])
    assert list(Story.objects.order_by("id").values_list("slug", flat=True)) == [
        "dam-breaks-upstream",
        "dam-breaks-upstream-2",
    ]


def test_story_option_finds_a_story_by_slug_or_title(tmp_path):
    Story.objects.create(title="Harbor fire", slug="harbor-fire")
    a = write(tmp_path, "a.txt", "A fire broke out at the harbor on Monday.")
    b = write(tmp_path, "b.txt", "Smoke rose over the harbor all night.")
    import_articles(paths=[a], story="harbor-fire")
    import_articles(paths=[b], story="HARBOR FIRE")
    assert Story.objects.get().articles.count() == 2


def test_a_failing_article_leaves_no_trace_and_the_others_import(tmp_path, monkeypatch):
    import articles.importing

    real = articles.importing._replace_previous_version

    def fail_on_b(article):  # late in the article's transaction: it is saved, and linked
        if article.source_file == "b.txt":
            raise RuntimeError("disk on fire")
        return real(article)

    monkeypatch.setattr("articles.importing._replace_previous_version", fail_on_b)
    write(tmp_path, "a.txt", "A fire broke out at the harbor on Monday.")
    write(tmp_path, "b.txt", "Smoke rose over the harbor all night.")
    write(tmp_path, "c.txt", "The harbor reopened on Wednesday.")
    report = import_articles(paths=[tmp_path], story="Harbor")
    assert [r.status for r in report.results] == [Status.IMPORTED, Status.FAILED, Status.IMPORTED]
    assert "disk on fire" in report.results[1].detail
    assert sorted(Article.objects.values_list("source_file", flat=True)) == ["a.txt", "c.txt"]
    assert not Sentence.objects.filter(text__contains="Smoke").exists()


def test_dry_run_stores_nothing():
    report = import_articles(paths=[SEEDS], story="Dry", dry_run=True)
    assert report.count(Status.IMPORTED) == 3
    assert "claims" in report.results[0].detail
    assert not Story.objects.exists()
    assert not Article.objects.exists()


def test_command_prints_a_line_per_file_and_a_summary():
    output = run_command(SEEDS, "--story", "Putin in China")
    lines = output.strip().splitlines()
    assert len(lines) == 5
    assert all(": imported (story 'putin-in-china'" in line for line in lines[:3])
    assert re.fullmatch(r"story 'putin-in-china': linked as a whole \(\d+ links\)", lines[3])
    assert lines[4] == "3 articles: 3 imported, 0 unchanged, 0 failed, 0 skipped"
    again = run_command(SEEDS, "--story", "Putin in China")
    assert (
        again.strip().splitlines()[-1] == "3 articles: 0 imported, 3 unchanged, 0 failed, 0 skipped"
    )


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary file, not text"),
        ("menu.html", b"<html><body><nav>Home</nav></body></html>", "HTML page has no main text"),
        ("broken.json", b"{not json", "malformed JSON"),
        ("notext.json", b'{"title": "t"}', "has no 'text' field"),
        ("headings.txt", b"Only A Heading\n\nAnother Heading", "no body text"),
    ],
)
def test_bad_files_fail_with_a_reason_and_a_non_zero_exit(tmp_path, name, content, reason):
    bad = write(tmp_path, name, content)
    good = write(tmp_path, "good.txt", "The harbor reopened on Wednesday after the fire.")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 failed"):
        call_command("import_articles", str(bad), str(good), "--story", "s", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"{bad}: failed (")
    assert reason in lines[0]
    assert lines[1].startswith(f"{good}: imported")
    assert Article.objects.count() == 1


def test_missing_path_fails_with_a_reason(tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path / "nope.txt"), stdout=out)
    assert "nope.txt: failed (no such file or directory)" in out.getvalue()


def test_oversized_files_are_refused(tmp_path, settings):
    settings.NEWSDESK_MAX_IMPORT_BYTES = 100
    path = write(tmp_path, "long.txt", "The harbor reopened. " * 20)
    report = import_articles(paths=[path])
    assert report.results[0].status is Status.FAILED
    assert "over the 0.0 MB limit" in report.results[0].detail


def test_non_utf8_text_is_decoded_and_imported(tmp_path):
    path = write(
        tmp_path,
        "fr.txt",
        ("Le président a visité la région dévastée lundi. " * 4).encode("cp1252"),
    )
    report = import_articles(paths=[path])
    assert report.results[0].status is Status.IMPORTED
    assert "not UTF-8; decoded as" in report.results[0].detail
    assert "président" in Article.objects.get().text


def test_json_list_imports_good_items_and_reports_bad_ones(tmp_path):
    data = [
        {"text": "The harbor reopened on Wednesday.", "outlet": "Coast News", "date": "2024-05-17"},
        {"title": "no text here"},
    ]
    path = write(tmp_path, "batch.json", json.dumps(data))
    report = import_articles(paths=[path], story="Harbor")
    assert [r.status for r in report.results] == [Status.IMPORTED, Status.FAILED]
    article = Article.objects.get()
    assert (article.outlet.name, str(article.published)) == ("Coast News", "2024-05-17")


def test_unknown_files_in_a_directory_are_skipped_not_failed(tmp_path):
    write(tmp_path, "a.txt", "The harbor reopened on Wednesday.")
    write(tmp_path, "notes.docx", b"PK\x03\x04")
    report = import_articles(paths=[tmp_path])
    assert [r.status for r in report.results] == [Status.IMPORTED, Status.SKIPPED]
    assert not report.failed


def test_source_path_is_relative_to_the_directory(tmp_path):
    write(tmp_path, "deep/er/a.txt", "The harbor reopened on Wednesday.")
    import_articles(paths=[tmp_path])
    assert Article.objects.get().source_file == str(Path("deep/er/a.txt"))


def test_the_links_of_a_story_do_not_depend_on_the_order_of_its_files():
    from claims.models import ClaimLink

    def links_after_import(paths):
        report = import_articles(paths=paths, story="Order")
        story = Story.objects.get(slug=report.stories[0])
        assert list(report.relinked) == [story.slug]
        found = {
            (*sorted((link.a.text, link.b.text)), link.relation, round(link.score, 4))
            for link in ClaimLink.objects.in_story(story.pk).select_related("a", "b")
        }
        story.delete()
        return found

    files = sorted(SEEDS.glob("*.txt"))
    forward = links_after_import(files)
    assert forward == links_after_import(files[::-1])
    assert any(link[2] != "related" for link in forward)


def test_a_batch_cut_off_before_its_end_is_linked_by_relink(monkeypatch):
    from claims.models import ClaimLink

    # The run stops before it links its story as a whole (say, the process is killed).
    monkeypatch.setattr("articles.importing.relink_story", lambda story: 0)
    report = import_articles(paths=[SEEDS], story="Cut off")
    details = [r.detail for r in report.results]
    assert "links" in details[0]
    assert "linked with the story at the end" not in details[0]
    assert all("linked with the story at the end" in d for d in details[1:])
    pending = Article.objects.filter(links_pending=True)
    assert pending.count() == 2
    assert not ClaimLink.objects.filter(a__article__in=pending).exists()
    assert not ClaimLink.objects.filter(b__article__in=pending).exists()

    out = io.StringIO()
    call_command("relink", stdout=out)
    assert "cut-off" in out.getvalue()
    assert not Article.objects.filter(links_pending=True).exists()
    last = Article.objects.get(source_file__startswith="003")
    assert (
        ClaimLink.objects.exclude(relation="related")
        .filter(Q(a__article=last) | Q(b__article=last))
        .exists()
    )


def test_a_date_given_to_the_command_dates_the_articles_that_give_none(tmp_path):
    write(tmp_path, "plain.txt", "Xi was welcomed at the Kremlin last year, officials said.")
    write(tmp_path, "dated.txt", "Date: 2020-02-03\n\nThe talks ended on Friday in Moscow.")
    run_command(tmp_path, "--story", "Dated", "--date", "2024-05-17")
    dates = dict(Article.objects.values_list("source_file", "published"))
    assert {name: str(day) for name, day in dates.items()} == {
        "plain.txt": "2024-05-17",
        "dated.txt": "2020-02-03",
    }
    claim = Claim.objects.get(article__source_file="plain.txt")
    assert [d["key"] for d in claim.features["dates"]] == ["2023"]


def test_a_bad_date_is_refused_with_a_clear_message(tmp_path):
    write(tmp_path, "plain.txt", "The talks ended in Moscow on Friday.")
    with pytest.raises(CommandError, match="not a date: '17/05/2024'"):
        run_command(tmp_path, "--date", "17/05/2024")
    assert not Article.objects.exists()

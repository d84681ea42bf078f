"""Small helpers that make test data."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import Group, Permission, User

from articles.importing import ImportReport, import_articles
from articles.models import Story
from articles.roles import sync_roles

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def make_user(role: str | None = "reader", username: str | None = None) -> User:
    user = User.objects.create_user(username=username or role or "nobody", password="pw-for-tests")
    if role and not Group.objects.filter(name=role).exists():
        # A transactional test (the browser tests) flushed the groups the migration made.
        sync_roles(Group, Permission)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def import_seeds(story: str = "Putin in China") -> tuple[Story, ImportReport]:
    report = import_articles(paths=[SEEDS], story=story)
    return Story.objects.get(slug=report.stories[0]), report


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def make_story(articles: int, sentences: int, *, title: str = "Synthetic story") -> Story:
    """A story of `articles` articles with `sentences` body sentences each, linked.

    Every article tells the same numbered facts, so claims link across articles, with one
    diverging number in each sentence of the odd articles.
    """
    from articles.importing import ArticleInput, find_or_create_story, import_article

    for number in range(articles):
        lines = []
        for i in range(sentences):
            count = 100 + i if number % 2 == 0 else 200 + i
            place = ["Harbin", "Beijing", "Moscow", "Kazan", "Shanghai"][i % 5]
            lines.append(
                f"Officials in {place} said {count} delegates attended session {i} "
                f"of the summit on trade corridor {i * 7}."
            )
        lines.append(f"This dispatch was filed by correspondent number {number}.")
        text = "\n\n".join(" ".join(lines[j : j + 3]) for j in range(0, len(lines), 3))
        item = ArticleInput(text=text, outlet=f"Outlet {number}", title=f"Report {number}")
        item.label = f"synthetic-{number}"
        import_article(item=item, story_for=lambda _item: find_or_create_story(title))
    return Story.objects.get(title=title)

"""The stories list and the story page."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article, Outlet, Story
from tests.factories import import_seeds, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_client(client):
    client.force_login(make_user("reader"))
    return client


def test_stories_list_shows_each_story_with_outlets_and_counts(reader_client):
    story, _ = import_seeds()
    response = reader_client.get(reverse("articles:stories"))
    assert response.status_code == 200
    page = response.content.decode()
    assert story.title in page
    assert story.get_absolute_url() in page
    assert '<td class="num">3</td>' in page
    assert "corroborated" in page


def test_stories_search_by_title(reader_client):
    import_seeds()
    Story.objects.create(title="Harbor fire", slug="harbor-fire")
    page = reader_client.get(reverse("articles:stories"), {"q": "harbor"}).content.decode()
    assert "Harbor fire" in page
    assert "Putin in China" not in page
    empty = reader_client.get(reverse("articles:stories"), {"q": "zebra"}).content.decode()
    assert "No story matches “zebra”." in empty


def story_with(title, *articles):
    """A story of (outlet, headline) articles, without any text to segment."""
    story = Story.objects.create(title=title, slug=re.sub(r"\W+", "-", title.lower()))
    for outlet, headline in articles:
        text = f"{headline}. {title}."
        Article.objects.create(
            story=story,
            outlet=Outlet.objects.get_or_create(name=outlet)[0],
            title=headline,
            text=text,
            content_hash=Article.hash_text(text),
        )
    return story


def found(client, query):
    page = client.get(reverse("articles:stories"), {"q": query}).content.decode()
    return re.findall(r'<td><a href="/stories/[\w-]+/">(.*?)</a></td>', page)


def test_stories_search_by_title_outlet_and_unfinished_word_on_any_database(reader_client):
    """SQLite and PostgreSQL alike: substrings of titles and outlet names match."""
    story_with("Putin's state visit to China", ("Radio Free Asia", "Putin talks tech in Harbin"))
    story_with("Harbor fire", ("Daily Planet", "Warehouse burns"))
    assert found(reader_client, "radio free") == ["Putin&#x27;s state visit to China"]
    assert found(reader_client, "harb") == ["Harbor fire"]  # still typing "harbor"
    assert found(reader_client, "PLANET") == ["Harbor fire"]
    assert found(reader_client, "zebra") == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search (stemming, websearch syntax, ranking) is PostgreSQL's; "
    "`make test` runs this on PostgreSQL too",
)
def test_postgresql_story_search_is_full_text_stemmed_and_ranked(reader_client):
    story_with("Putin's state visit to China", ("Radio Free Asia", "Putin talks tech in Harbin"))
    story_with("Harbor fire", ("Daily Planet", "Warehouse burns"))
    story_with("Trade summit", ("Daily Planet", "Leaders visited the trade fair"))
    assert found(reader_client, "visits") == [
        "Putin&#x27;s state visit to China",  # in the story's title: ranked first
        "Trade summit",  # in an article's headline
    ]
    assert found(reader_client, "burning") == ["Harbor fire"]
    assert found(reader_client, '"state visit"') == ["Putin&#x27;s state visit to China"]
    assert found(reader_client, "visits -putin") == ["Trade summit"]
    assert found(reader_client, "radio free") == ["Putin&#x27;s state visit to China"]
    assert found(reader_client, "harb") == ["Harbor fire"]


def test_stories_search_as_you_type_returns_only_the_list(reader_client):
    import_seeds()
    response = reader_client.get(
        reverse("articles:stories"),
        {"q": "putin"},
        headers={"HX-Request": "true", "HX-Target": "story-list"},
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="story-list"')
    assert "Putin in China" in fragment
    assert "<html" not in fragment


def test_empty_stories_list_says_how_to_import(reader_client):
    page = reader_client.get(reverse("articles:stories")).content.decode()
    assert "No stories yet" in page


def test_story_page_shows_one_column_per_article_with_its_text(reader_client):
    story, _ = import_seeds()
    response = reader_client.get(story.get_absolute_url())
    page = response.content.decode()
    assert page.count('class="column"') == 3
    assert "St. Sophia Cathedral, a former Russian Orthodox church." in page
    assert "By Qian Lang" in page


def test_reading_needs_a_login(client):
    story, _ = import_seeds()
    for url in (reverse("articles:stories"), story.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_unknown_story_is_404(reader_client):
    assert reader_client.get(reverse("articles:story", args=["nope"])).status_code == 404


def test_login_page_renders(client):
    assert "Log in" in client.get(reverse("login")).content.decode()


def test_a_setting_opens_reading_to_anonymous_visitors(client, settings):
    story, _ = import_seeds()
    settings.NEWSDESK_PUBLIC_READING = True
    assert client.get(reverse("articles:stories")).status_code == 200
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get(reverse("articles:matrix", args=[story.slug])).status_code == 200


def test_static_files_are_served_with_debug_off(client, settings, tmp_path):
    from django.core.management import call_command

    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    from django.contrib.staticfiles.storage import staticfiles_storage

    for name in ("css/newsdesk.css", "js/story.js", "django_htmx/htmx-2.min.js"):
        url = staticfiles_storage.url(name)
        assert url != f"/static/{name}", "the manifest gives versioned names"
        response = client.get(url)
        assert response.status_code == 200, url
        assert "max-age=315360000" in response["Cache-Control"]

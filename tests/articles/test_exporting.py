"""The JSON export: stable field names, from the command and the web."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import import_seeds, make_user

pytestmark = pytest.mark.django_db

ARTICLE_FIELDS = {"id", "title", "outlet", "url", "published", "source_file"}
SENTENCE_FIELDS = {"id", "article", "position", "paragraph", "kind", "start", "end", "text"}
CLAIM_FIELDS = {"id", "sentence", "start", "end", "text"}
LINK_FIELDS = {"a", "b", "score", "relation", "differences", "origin"}


def exported(slug):
    out = io.StringIO()
    call_command("export_story", slug, stdout=out)
    return json.loads(out.getvalue())


def test_export_has_the_documented_shape():
    story, _ = import_seeds()
    data = exported(story.slug)
    assert data["story"] == {"slug": story.slug, "title": story.title}
    assert len(data["articles"]) == 3
    assert all(set(a) >= ARTICLE_FIELDS for a in data["articles"])
    assert all(set(s) >= SENTENCE_FIELDS for s in data["sentences"])
    assert all(set(c) >= CLAIM_FIELDS for c in data["claims"])
    assert data["links"], "the sample articles share claims"
    assert all(set(link) >= LINK_FIELDS for link in data["links"])
    kinds = {s["kind"] for s in data["sentences"]}
    assert kinds == {"headline", "byline", "body", "boilerplate"}
    relations = {link["relation"] for link in data["links"]}
    assert relations <= {"agree", "diverge", "related"}
    for link in data["links"]:
        assert 0 <= link["score"] <= 1
        for difference in link["differences"]:
            assert set(difference) >= {"kind", "a", "b"}
    sentence_ids = {s["id"] for s in data["sentences"]}
    claim_ids = {c["id"] for c in data["claims"]}
    assert all(c["sentence"] in sentence_ids for c in data["claims"])
    assert all(link["a"] in claim_ids and link["b"] in claim_ids for link in data["links"])


def test_export_offsets_point_into_the_article_text():
    story, _ = import_seeds()
    data = exported(story.slug)
    texts = {a.pk: a.text for a in story.articles.all()}
    for s in data["sentences"]:
        assert texts[s["article"]][s["start"] : s["end"]] == s["text"]


def test_export_command_writes_a_file(tmp_path):
    story, _ = import_seeds()
    target = tmp_path / "out.json"
    call_command("export_story", story.slug, "--output", str(target), stderr=io.StringIO())
    assert json.loads(target.read_text())["story"]["slug"] == story.slug


def test_export_command_names_an_unknown_story():
    with pytest.raises(CommandError, match="No story with slug 'nope'"):
        call_command("export_story", "nope")


def test_export_view_serves_the_same_json_to_readers(client):
    story, _ = import_seeds()
    client.force_login(make_user("reader"))
    response = client.get(reverse("articles:story_export", args=[story.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == exported(story.slug)


def test_export_view_needs_a_login(client):
    story, _ = import_seeds()
    response = client.get(reverse("articles:story_export", args=[story.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_export_view_refuses_users_without_a_role(client):
    story, _ = import_seeds()
    client.force_login(make_user(role=None, username="stranger"))
    assert client.get(reverse("articles:story_export", args=[story.slug])).status_code == 403


def test_export_of_an_unknown_story_is_404(client):
    client.force_login(make_user("reader"))
    assert client.get(reverse("articles:story_export", args=["nope"])).status_code == 404

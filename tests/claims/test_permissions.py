"""Permission matrix: anonymous / reader / editor / admin x every URL and method.

Every view that changes anything checks the permission on the server: a refused request
gets 403 (or, anonymous, a redirect to the login page) and changes nothing.
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver, resolve, reverse

from claims.models import Claim, ClaimLink, ClaimNote, OrphanedEdit, Tag
from tests.factories import make_story, make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "editor", "admin"]
LOGIN = "login"  # a redirect to the login page
OK = 200
REDIRECT = 302


def expect(anonymous, reader, editor, admin):
    return dict(zip(ROLES, [anonymous, reader, editor, admin], strict=True))


READING = expect(LOGIN, OK, OK, OK)
EDITING = expect(LOGIN, 403, OK, OK)
ADMIN_ONLY = expect(LOGIN, 403, 403, OK)
POST_ONLY = expect(405, 405, 405, 405)


def matrix(story, claim, link, tag, orphan):
    """(name, method, url, data, expected status per role); logging out comes last."""
    slug = story.slug
    edit = {"HX-Request": "true"}
    return [
        ("login page", "get", reverse("login"), {}, expect(OK, OK, OK, OK)),
        ("stories", "get", reverse("articles:stories"), {}, READING),
        ("story search", "get", reverse("articles:stories") + "?q=outlet", {}, READING),
        ("story", "get", reverse("articles:story", args=[slug]), {}, READING),
        (
            "panel",
            "get",
            reverse("articles:story", args=[slug]) + f"?claim={claim.pk}",
            {},
            READING,
        ),
        (
            "story by tag",
            "get",
            reverse("articles:story", args=[slug]) + f"?tag={tag.name}&only=diverging",
            {},
            READING,
        ),
        ("matrix", "get", reverse("articles:matrix", args=[slug]), {}, READING),
        (
            "matrix by tag",
            "get",
            reverse("articles:matrix", args=[slug]) + f"?tag={tag.pk}&sort=most",
            {},
            READING,
        ),
        ("export json", "get", reverse("articles:story_export", args=[slug]), {}, READING),
        ("export csv", "get", reverse("claims:export_csv", args=[slug]), {}, READING),
        ("claimreview", "get", reverse("claims:export_claim_reviews", args=[slug]), {}, READING),
        ("password", "get", reverse("password_change"), {}, READING),
        ("password (post)", "post", reverse("password_change"), {}, READING),
        ("password done", "get", reverse("password_change_done"), {}, READING),
        ("review queue", "get", reverse("claims:review"), {}, expect(LOGIN, 403, OK, OK)),
        ("tags page", "get", reverse("claims:tags"), {}, ADMIN_ONLY),
        (
            "create tag",
            "post",
            reverse("claims:tags"),
            {"name": "", "colour": "#000000"},
            ADMIN_ONLY,
        ),
        ("tag page", "get", reverse("claims:edit_tag", args=[tag.pk]), {}, ADMIN_ONLY),
        (
            "change tag",
            "post",
            reverse("claims:edit_tag", args=[tag.pk]),
            {"name": "", "colour": "#000000"},
            ADMIN_ONLY,
        ),
        ("add tag", "post", reverse("claims:add_tag", args=[claim.pk]), {"tag": tag.pk}, EDITING),
        ("add tag (get)", "get", reverse("claims:add_tag", args=[claim.pk]), {}, POST_ONLY),
        (
            "remove tag",
            "post",
            reverse("claims:remove_tag", args=[claim.pk, tag.pk]),
            {},
            EDITING,
        ),
        (
            "status",
            "post",
            reverse("claims:set_status", args=[claim.pk]),
            {"status": "verified", "version": 999},
            EDITING,
        ),
        ("status (get)", "get", reverse("claims:set_status", args=[claim.pk]), {}, POST_ONLY),
        ("note", "post", reverse("claims:add_note", args=[claim.pk]), {"text": ""}, EDITING),
        (
            "link by hand",
            "post",
            reverse("claims:link_claim", args=[claim.pk]),
            {"other": claim.pk, "relation": "agree"},
            EDITING,
        ),
        (
            "decide link",
            "post",
            reverse("claims:decide_link", args=[claim.pk, link.pk]),
            {"decision": "reject", "version": 999},
            EDITING,
        ),
        (
            "decide in queue",
            "post",
            reverse("claims:review_decide", args=[link.pk]),
            {"decision": "reject", "version": 999},
            EDITING,
        ),
        (
            "resolve orphan",
            "post",
            reverse("claims:resolve_orphan", args=[orphan.pk]),
            {},
            expect(LOGIN, 403, REDIRECT, REDIRECT),
        ),
        (
            "resolve missing orphan",
            "post",
            reverse("claims:resolve_orphan", args=[999999]),
            {},
            expect(LOGIN, 403, 404, 404),
        ),
        ("queue (post)", "post", reverse("claims:review"), {}, expect(405, 405, 405, 405)),
        ("import page", "get", reverse("articles:import"), {}, ADMIN_ONLY),
        (
            "import (post)",
            "post",
            reverse("articles:import"),
            {},
            expect(LOGIN, 403, 403, OK),  # nothing to import: the form shows its errors
        ),
        (
            "import job",
            "get",
            reverse("articles:import_job", args=[999999]),
            {},
            expect(LOGIN, 403, 403, 404),
        ),
        (
            "import retry",
            "post",
            reverse("articles:import_retry", args=[999999]),
            {},
            expect(LOGIN, 403, 403, 404),
        ),
        ("admin", "get", reverse("admin:index"), {}, expect(LOGIN, LOGIN, LOGIN, OK)),
        ("logout (get)", "get", reverse("logout"), {}, expect(405, 405, 405, 405)),
        ("logout", "post", reverse("logout"), {}, expect(LOGIN, LOGIN, LOGIN, LOGIN)),
    ], edit


def state():
    return (
        list(Claim.objects.values_list("pk", "status", "version")),
        list(ClaimLink.objects.values_list("pk", "relation", "rejected", "origin", "version")),
        ClaimNote.objects.count(),
        sorted(Claim.tags.through.objects.values_list("claim_id", "tag_id")),
        Tag.objects.count(),
        list(OrphanedEdit.objects.values_list("pk", "resolved_at")),
    )


def setup_matrix():
    story = make_story(2, 2)
    claim = Claim.objects.in_story(story.pk).order_by("pk").first()
    link = ClaimLink.objects.touching(claim.pk).first()
    tag = Tag.objects.get(name="verified")
    claim.tags.add(tag)  # so that "remove tag" has something to remove
    orphan = OrphanedEdit.objects.create(
        story=story, claim_text="Gone.", sentence_text="Gone.", status="verified"
    )
    return matrix(story, claim, link, tag, orphan)


def test_permission_matrix(settings):
    settings.NEWSDESK_PUBLIC_READING = False
    rows, headers = setup_matrix()
    users = {role: make_user(role) for role in ROLES[1:]}
    users["admin"].is_staff = True
    users["admin"].save()
    failures = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        for name, method, url, data, expected in rows:
            before = state()
            response = getattr(client, method)(url, data, headers=headers)
            want = expected[role]
            if want == LOGIN:
                ok = response.status_code == REDIRECT and "/login/" in response["Location"]
            else:
                ok = response.status_code == want
            if not ok:
                failures.append((role, name, response.status_code, want))
            if want in (LOGIN, 403, 405):
                assert state() == before, (role, name)
    assert failures == []


def test_the_matrix_covers_every_url_of_the_site():
    """A new URL fails this test until the matrix says who may use it."""
    rows, _ = setup_matrix()
    covered = {resolve(urlsplit(url).path).view_name for _, _, url, _, _ in rows}
    resolver = get_resolver()
    every = {
        f"{namespace}:{name}" if namespace else name
        for namespace, name in _named(resolver)
        if namespace != "admin"  # Django's own admin: "admin" stands for all of it
    }
    assert every - covered == set()


def _named(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _named(pattern, pattern.namespace or namespace)
        elif pattern.name:
            yield namespace, pattern.name


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_every_post_needs_the_csrf_token_which_htmx_sends_in_a_header(role):
    """Without the token every form and HTMX post is refused and nothing changes; with
    the token from the page's `hx-headers` it gets the answer the matrix expects."""
    rows, _ = setup_matrix()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(role))
    posts = [
        (name, url, data, want[role]) for name, method, url, data, want in rows if method == "post"
    ]
    for name, url, data, _ in posts:
        before = state()
        response = client.post(url, data, headers={"HX-Request": "true"})
        assert response.status_code == 403, name
        assert state() == before, name
    page = client.get(reverse("articles:stories")).content.decode()
    token = page.split('hx-headers=\'{"X-CSRFToken": "')[1].split('"')[0]
    for name, url, data, want in posts:
        if want == LOGIN:
            continue  # logging out
        response = client.post(url, data, headers={"HX-Request": "true", "X-CSRFToken": token})
        assert response.status_code == want, name

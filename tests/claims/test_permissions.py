"""Permission matrix: anonymous / reader / editor / admin x every URL and method.

Every view that changes anything checks the permission on the server: a refused request
gets 403 (or, anonymous, a redirect to the login page) and changes nothing.
"""

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim, ClaimLink, ClaimNote, Tag
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


def matrix(story, claim, link, tag):
    """(name, method, url, data, expected status per role)."""
    slug = story.slug
    edit = {"HX-Request": "true"}
    return [
        ("stories", "get", reverse("articles:stories"), {}, READING),
        ("story", "get", reverse("articles:story", args=[slug]), {}, READING),
        (
            "panel",
            "get",
            reverse("articles:story", args=[slug]) + f"?claim={claim.pk}",
            {},
            READING,
        ),
        ("matrix", "get", reverse("articles:matrix", args=[slug]), {}, READING),
        ("export json", "get", reverse("articles:story_export", args=[slug]), {}, READING),
        ("export csv", "get", reverse("claims:export_csv", args=[slug]), {}, READING),
        ("claimreview", "get", reverse("claims:export_claim_reviews", args=[slug]), {}, READING),
        ("password", "get", reverse("password_change"), {}, READING),
        ("review queue", "get", reverse("claims:review"), {}, expect(LOGIN, 403, OK, OK)),
        ("tags page", "get", reverse("claims:tags"), {}, ADMIN_ONLY),
        (
            "create tag",
            "post",
            reverse("claims:tags"),
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
            reverse("claims:resolve_orphan", args=[999999]),
            {},
            expect(LOGIN, 403, 404, 404),
        ),
        ("queue (post)", "post", reverse("claims:review"), {}, expect(405, 405, 405, 405)),
        ("admin", "get", reverse("admin:index"), {}, expect(LOGIN, LOGIN, LOGIN, OK)),
    ], edit


def state():
    return (
        list(Claim.objects.values_list("pk", "status", "version")),
        list(ClaimLink.objects.values_list("pk", "relation", "rejected", "origin", "version")),
        ClaimNote.objects.count(),
        sorted(Claim.tags.through.objects.values_list("claim_id", "tag_id")),
        Tag.objects.count(),
    )


def test_permission_matrix(settings):
    settings.NEWSDESK_PUBLIC_READING = False
    story = make_story(2, 2)
    claim = Claim.objects.in_story(story.pk).order_by("pk").first()
    link = ClaimLink.objects.touching(claim.pk).first()
    tag = Tag.objects.get(name="verified")
    claim.tags.add(tag)  # so that "remove tag" has something to remove
    users = {role: make_user(role) for role in ROLES[1:]}
    users["admin"].is_staff = True
    users["admin"].save()
    rows, headers = matrix(story, claim, link, tag)
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

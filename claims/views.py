"""Editing views: every change goes through `claims.editing`, behind a permission check.

Edits come from the claim panel (HTMX posts that answer with the re-rendered panel) or,
without JavaScript, from plain forms that redirect back to the story. Anonymous users are
sent to the login page and users without the permission get 403, whatever the template
shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article, Story
from articles.story_view import build_panel, choose_columns
from articles.views import read_required
from claims import editing, forms, reviewing
from claims.exporting import claim_reviews, claims_csv
from claims.models import Claim, ClaimLink, OrphanedEdit, Tag
from claims.panel import EDIT_CLAIMS, REVIEW_LINKS, Feedback

MANAGE_TAGS = "claims.manage_tags"
QUEUE_PAGE = 20


def editor_required(
    perm: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator


def _user(request: HttpRequest) -> Any:
    return request.user


def claim_edit(perm: str) -> Callable[[Callable[..., Feedback]], Callable[..., HttpResponse]]:
    """An edit of one claim's panel: the view returns feedback, the panel is rendered."""

    def decorator(edit: Callable[..., Feedback]) -> Callable[..., HttpResponse]:
        @require_POST
        @editor_required(perm)
        @wraps(edit)
        def view(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
            claim = get_object_or_404(Claim.objects.select_related("article__story"), pk=pk)
            try:
                feedback = edit(request, claim, **kwargs)
            except editing.StaleEdit as stale:
                feedback = Feedback(str(stale), error=True)
            except editing.EditError as error:
                feedback = Feedback(str(error), error=True)
            return _panel_response(request, claim, feedback)

        return view

    return decorator


def _panel_response(request: HttpRequest, claim: Claim, feedback: Feedback) -> HttpResponse:
    story = claim.article.story
    if not getattr(request, "htmx", False):
        (messages.error if feedback.error else messages.success)(request, feedback.message)
        page = request.GET.copy()  # the story page's columns and filters, from the form's URL
        page["claim"] = str(claim.pk)
        return redirect(f"{story.get_absolute_url()}?{page.urlencode()}#panel", permanent=False)
    order = [int(p) for p in request.GET.get("cols", "").split(",") if p.isdigit()]
    shown = choose_columns(list(Article.objects.filter(story=story).for_reading()), order)
    panel = build_panel(story, claim.pk, articles=shown)
    context = {"story": story, "page": {"panel": panel}, "feedback": feedback}
    return render(request, "articles/story.html#panel", context)


@claim_edit(EDIT_CLAIMS)
def add_tag(request: HttpRequest, claim: Claim) -> Feedback:
    form = forms.TagChoiceForm(request.POST)
    if not form.is_valid():
        return Feedback(forms.first_error(form), error=True)
    tag = form.cleaned_data["tag"]
    editing.add_tag(claim_id=claim.pk, tag_id=tag.pk, user=_user(request))
    return Feedback(f"Tagged “{tag.name}”.")


@claim_edit(EDIT_CLAIMS)
def remove_tag(request: HttpRequest, claim: Claim, tag: int) -> Feedback:
    editing.remove_tag(claim_id=claim.pk, tag_id=tag, user=_user(request))
    return Feedback("Tag removed.")


@claim_edit(EDIT_CLAIMS)
def set_status(request: HttpRequest, claim: Claim) -> Feedback:
    form = forms.StatusForm(request.POST)
    entered = Feedback(
        status=request.POST.get("status", ""), note=request.POST.get("note", ""), error=True
    )
    if not form.is_valid():
        entered.message = forms.first_error(form)
        return entered
    data = form.cleaned_data
    try:
        saved = editing.set_status(
            claim_id=claim.pk,
            status=data["status"],
            note=data["note"],
            version=data["version"],
            user=_user(request),
        )
    except editing.StaleEdit as stale:
        current = stale.current
        assert isinstance(current, Claim)
        yours = f"Yours was “{Claim.Status(data['status']).label}”"
        if data["note"]:
            yours += f" with the note “{data['note']}”"
        return Feedback(f"{stale} Now: “{current.get_status_display()}”. {yours}.", error=True)
    return Feedback(f"Status set to “{saved.get_status_display()}”.")


@claim_edit(EDIT_CLAIMS)
def add_note(request: HttpRequest, claim: Claim) -> Feedback:
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        return Feedback(forms.first_error(form), error=True)
    editing.add_note(claim_id=claim.pk, text=form.cleaned_data["text"], user=_user(request))
    return Feedback("Note added.")


@claim_edit(REVIEW_LINKS)
def link_claim(request: HttpRequest, claim: Claim) -> Feedback:
    form = forms.ManualLinkForm(request.POST)
    if not form.is_valid():
        return Feedback(forms.first_error(form), error=True)
    editing.link_claims(
        claim_id=claim.pk,
        other_id=form.cleaned_data["other"],
        relation=form.cleaned_data["relation"],
        user=_user(request),
    )
    return Feedback("Claims linked.")


@claim_edit(REVIEW_LINKS)
def decide_link(request: HttpRequest, claim: Claim, link: int) -> Feedback:
    get_object_or_404(ClaimLink.objects.touching(claim.pk), pk=link)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return Feedback(forms.first_error(form), error=True)
    decided = editing.decide_link(
        link_id=link,
        decision=form.cleaned_data["decision"],
        version=form.cleaned_data["version"],
        user=_user(request),
    )
    return Feedback(_decided(decided))


def _decided(link: ClaimLink) -> str:
    if link.rejected:
        return "Link rejected: it stays hidden, also after re-linking."
    return f"Link kept as “{link.get_relation_display()}”."


@require_GET
@editor_required(REVIEW_LINKS)
def review_queue(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("story", "")
    story = get_object_or_404(Story, slug=slug) if slug else None
    page = Paginator(reviewing.undecided(story.pk if story else None), QUEUE_PAGE).get_page(
        request.GET.get("page")
    )
    items = [(link, reviewing.explain(link)) for link in page.object_list]
    orphans = OrphanedEdit.objects.filter(resolved_at=None).select_related("story", "article")
    if story:
        orphans = orphans.filter(story=story)
    context = {
        "page": page,
        "items": items,
        "story": story,
        "stories": Story.objects.all(),
        "orphans": orphans,
    }
    return render(request, "claims/review.html", context)


@require_POST
@editor_required(REVIEW_LINKS)
def review_decide(request: HttpRequest, link: int) -> HttpResponse:
    found = get_object_or_404(
        ClaimLink.objects.select_related("a__article__outlet", "b__article__outlet"), pk=link
    )
    form = forms.DecisionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            found = editing.decide_link(
                link_id=found.pk,
                decision=form.cleaned_data["decision"],
                version=form.cleaned_data["version"],
                user=_user(request),
            )
        except editing.EditError as refused:
            error = str(refused)
            found.refresh_from_db()
    else:
        error = forms.first_error(form)
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _decided(found))
        back = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
        return redirect(back if back and safe else reverse("claims:review"))
    context = {"link": found, "why": reviewing.explain(found), "error": error, "decided": not error}
    return render(request, "claims/review.html#item", context)


@require_POST
@editor_required(EDIT_CLAIMS)
def resolve_orphan(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(OrphanedEdit, pk=pk)
    editing.resolve_orphan(orphan_id=pk, user=_user(request))
    messages.success(request, "Orphaned edit marked as dealt with.")
    return redirect(reverse("claims:review") + "#orphans")


@require_http_methods(["GET", "POST"])
@editor_required(MANAGE_TAGS)
def tags(request: HttpRequest) -> HttpResponse:
    form = forms.TagForm(request.POST or None)
    error = _save_tag(
        request, form, lambda fields: editing.create_tag(**fields, user=_user(request)), "created"
    )
    if error is None:
        return redirect("claims:tags")
    tags = Tag.objects.annotate(claim_count=Count("claims"))
    return render(request, "claims/tags.html", {"form": form, "tags": tags, "error": error})


@require_http_methods(["GET", "POST"])
@editor_required(MANAGE_TAGS)
def edit_tag(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk)
    initial = {"name": tag.name, "colour": tag.colour, "description": tag.description}
    form = forms.TagForm(request.POST or None, initial=initial)
    error = _save_tag(
        request,
        form,
        lambda fields: editing.update_tag(tag_id=tag.pk, **fields, user=_user(request)),
        "saved",
    )
    if error is None:
        return redirect("claims:tags")
    changes = tag.history.select_related("history_user").order_by("-history_id")
    context = {
        "tag": tag,
        "form": form,
        "error": error,
        "claims": tag.claims.count(),
        "changes": changes,
    }
    return render(request, "claims/tag_edit.html", context)


def _save_tag(
    request: HttpRequest, form: forms.TagForm, save: Callable[[dict[str, Any]], Tag], done: str
) -> str | None:
    """Save a posted tag form with `save`: None once saved (with a message), else the
    error to show ("" for a GET)."""
    if request.method != "POST":
        return ""
    if not form.is_valid():
        return forms.first_error(form)
    try:
        tag = save(form.cleaned_data)
    except editing.EditError as refused:
        return str(refused)
    messages.success(request, f"Tag “{tag.name}” {done}.")
    return None


@require_GET
@read_required
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    response = HttpResponse(claims_csv(story), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{story.slug}-claims.csv"'
    return response


@require_GET
@read_required
def export_claim_reviews(request: HttpRequest, slug: str) -> JsonResponse:
    story = get_object_or_404(Story, slug=slug)
    base = request.build_absolute_uri(story.get_absolute_url())
    data = claim_reviews(story, claim_url=lambda claim: f"{base}?claim={claim.pk}")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json"
    response["Content-Disposition"] = f'inline; filename="{story.slug}-claimreview.jsonld"'
    return response

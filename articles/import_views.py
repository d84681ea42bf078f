"""The Import page (admins): start a browser import and follow it to its report."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from articles.forms import ImportForm
from articles.import_jobs import can_retry, create_job, enqueue_job, job_progress, retry_job
from articles.importing import Status
from articles.models import ImportJob

# Admins import: they are the role with the permission to add articles.
IMPORT_PERMISSION = "articles.add_article"
RECENT_JOBS = 10
# A job still queued after this long gets a hint that no worker may be running.
QUEUE_HINT_SECONDS = 10


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def import_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return login_required(permission_required(IMPORT_PERMISSION, raise_exception=True)(view))


def max_request_bytes() -> int:
    """The largest upload request: ten files at their limit (or as many as one import
    takes, if fewer) and a pasted text, and room for the other fields."""
    per_input = settings.NEWSDESK_MAX_IMPORT_BYTES
    return per_input * (min(settings.NEWSDESK_MAX_IMPORT_INPUTS, 10) + 1) + 2**18


def upload_refused(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse an oversized or malformed upload with the form and a clear message.

    The CSRF check reads the request body, so it runs after this check (csrf_protect
    inside); before it, nothing is stored or changed, only the form is shown again.
    """

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            length = request.META.get("CONTENT_LENGTH") or "0"
            limit = max_request_bytes()
            problem = ""
            if length.isdigit() and int(length) > limit:
                problem = (
                    f"The upload is {int(length) / 2**20:.1f} MB; one import takes at most"
                    f" {limit / 2**20:.0f} MB. Import the files in smaller batches."
                )
            else:
                try:
                    request.POST  # noqa: B018 (parses the body, which may fail)
                    request.FILES  # noqa: B018
                except TooManyFilesSent:
                    problem = (
                        f"Too many files: at most {settings.NEWSDESK_MAX_IMPORT_INPUTS}"
                        " in one import."
                    )
                except RequestDataTooBig:
                    problem = "The pasted text and fields are too large for one import."
                except MultiPartParserError:
                    problem = "The upload was incomplete or malformed; try again."
            if problem:
                return _render_page(request, ImportForm(), status=413, problem=problem)
        return csrf_protect(view)(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@import_required
@upload_refused
def import_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_page(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_page(request, form)  # with the errors, and all that was typed
    data = form.cleaned_data
    job = create_job(
        user=request.user,
        files=[(upload.name or "", upload.read()) for upload in data["uploads"]],
        pastes=form.pastes(),
        urls=data["urls"],
        story_mode=data["story_mode"],
        story=data["story"],
        new_story_title=data["new_story_title"],
    )
    enqueue_job(job)
    return redirect(job)


def _render_page(
    request: HttpRequest, form: ImportForm, status: int = 200, problem: str = ""
) -> HttpResponse:
    jobs = ImportJob.objects.select_related("created_by", "story")[:RECENT_JOBS]
    context = {
        "form": form,
        "problem": problem,
        "jobs": jobs,
        "max_mb": settings.NEWSDESK_MAX_IMPORT_BYTES / 2**20,
        "max_inputs": settings.NEWSDESK_MAX_IMPORT_INPUTS,
    }
    return render(request, "articles/import.html", context, status=status)


@require_GET
@import_required
def import_job(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.select_related("created_by", "story"), pk=pk)
    progress = job_progress(job)
    waited = (timezone.now() - job.created_at).total_seconds()
    context = {
        "job": job,
        "progress": progress,
        "counts": {status.value: progress.report.count(status) for status in Status},
        "retryable": job.state == ImportJob.State.FAILED or progress.stalled,
        "waiting_long": job.state == ImportJob.State.QUEUED and waited > QUEUE_HINT_SECONDS,
    }
    template = "articles/import_job.html"
    if request.htmx and request.htmx.target == "job-status":
        template += "#job-status"
    return render(request, template, context)


@require_POST
@import_required
def import_retry(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    job = get_object_or_404(ImportJob, pk=pk)
    if not can_retry(job):
        messages.info(request, "This import is not stopped, so there is nothing to retry.")
    elif retry_job(job):
        messages.success(request, "The import was queued again; it goes on where it stopped.")
    else:
        messages.info(request, "The import was already queued again.")
    return redirect(job)

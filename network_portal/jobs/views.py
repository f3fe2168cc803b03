"""Staff jobs' pages (issue 14 point 6): start an import, follow its progress (a <progress>
updated by static/js/job-progress.js from the JSON status, or by the page's own refresh
without JavaScript), download what it left. Staff only: others get 404."""

import csv
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from network_portal.jobs import services
from network_portal.jobs.forms import ImportJobForm
from network_portal.jobs.models import Job

LIST_SIZE = 50


def _staff_only(request):
    """None when staff; else the response (visitors sign in, others 404)."""
    if not request.viewer.is_authenticated:
        return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
    if not request.viewer.sees_everything:
        raise Http404


@require_http_methods(["GET", "POST"])
def job_list(request):
    if refused := _staff_only(request):
        return refused
    form = ImportJobForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            job = services.job_start(
                actor=request.user,
                kind=data["kind"],
                source=data.get("source", ""),
                parameters={
                    "countries": data.get("countries_list", []),
                    "min_population": data.get("min_population") or 0,
                },
            )
            messages.success(request, _("The job was queued."))
            return redirect("jobs:detail", pk=job.pk)
        status = 400
    jobs = Job.objects.select_related("created_by").defer("source", "result", "rejected")
    return render(
        request, "jobs/list.html", {"form": form, "jobs": jobs[:LIST_SIZE]}, status=status
    )


def _job(request, pk) -> Job:
    return get_object_or_404(Job.objects.select_related("created_by").defer("source"), pk=pk)


@require_GET
def job_detail(request, pk):
    if refused := _staff_only(request):
        return refused
    job = _job(request, pk)
    return render(request, "jobs/detail.html", {"job": job, "status": services.job_status(job)})


@require_GET
def job_status(request, pk):
    if refused := _staff_only(request):
        return refused
    response = JsonResponse(services.job_status(_job(request, pk)))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def job_download(request, pk, what):
    if refused := _staff_only(request):
        return refused
    job = _job(request, pk)
    if what == "ergebnis" and job.result:
        body = job.result
    elif what == "abgelehnt" and job.state == Job.State.DONE:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["source", "reason"])
        for row in job.rejected:
            writer.writerow([row["source"], row["reason"]])
        body = out.getvalue()
    else:
        raise Http404
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="job-{job.pk}-{what}.csv"'
    return response

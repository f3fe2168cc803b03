"""Introduction pages (issue 14 point 5): a member's request form, and the contact person's
answer page reached through the signed link in the email (no sign-in)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.models import Person
from network_portal.introductions import services
from network_portal.introductions.forms import AnswerForm, IntroductionForm
from network_portal.introductions.models import IntroductionRequest


@require_http_methods(["GET", "POST"])
def ask(request, slug):
    person = get_object_or_404(Person.objects.select_related("municipality"), slug=slug)
    here = reverse("introductions:ask", args=[slug])
    if not request.viewer.is_authenticated:
        return redirect(f"{reverse('account_login')}?{urlencode({'next': here})}")
    form = IntroductionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.request_create(
                    actor=request.user, person=person, message=form.cleaned_data["message"]
                )
            except services.TooManyRequests as error:
                form.add_error(None, str(error))
                status = 429
            except services.IntroductionError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(
                    request,
                    _("Your request was sent to %(name)s. You will get an email when they answer.")
                    % {"name": person.name},
                )
                back = person.municipality.get_absolute_url() if person.municipality else "/"
                return redirect(back)
        else:
            status = 400
    context = {
        "person": person,
        "form": form,
        "can_be_asked": services.can_be_asked(person),
        "left": services.requests_left(request.user),
    }
    return render(request, "introductions/ask.html", context, status=status)


@require_http_methods(["GET", "POST"])
def answer(request, token):
    """GET shows the choice (link scanners open links), POST decides."""
    try:
        intro = services.request_from_token(token)
    except (signing.BadSignature, IntroductionRequest.DoesNotExist):
        return render(request, "introductions/answer_invalid.html", status=400)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            services.request_decide(
                intro.pk, accept=accept, stop_requests=form.cleaned_data["stop"]
            )
            intro.refresh_from_db()
            return render(request, "introductions/answer.html", {"intro": intro, "done": True})
        return render(
            request, "introductions/answer.html", {"intro": intro, "form": form}, status=400
        )
    return render(request, "introductions/answer.html", {"intro": intro, "form": form})

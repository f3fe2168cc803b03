"""Following's pages (issue 14): the follow button's target, "Neu für Sie", the email
settings and the one-click unsubscribe link (which works without signing in)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.models import Municipality, Network
from network_portal.following import delivery, services
from network_portal.following.describe import describe
from network_portal.following.forms import NotificationSettingsForm
from network_portal.following.models import Follow
from projects.models import Project, Topic

FEED_PAGE_SIZE = 20
# URL segment -> how to find what may be followed, read through the access rule.
TARGETS = {
    "thema": lambda viewer: Topic.objects.all(),
    "netzwerk": lambda viewer: Network.objects.all(),
    "kommune": lambda viewer: Municipality.objects.all(),
    "projekt": lambda viewer: Project.objects.visible_to(viewer),
}
SEGMENTS = {
    "topic": "thema",
    "network": "netzwerk",
    "municipality": "kommune",
    "project": "projekt",
}


@require_POST
def follow(request, kind, slug):
    """Follow (action=follow) or stop following what the page shows, then back to it.
    Visitors are sent to sign in and come back to the page."""
    if kind not in TARGETS:
        raise Http404
    target = get_object_or_404(TARGETS[kind](request.viewer), slug=slug)
    back = target.get_absolute_url()
    if not request.viewer.is_authenticated:
        return redirect(f"{reverse('account_login')}?{urlencode({'next': back})}")
    following = request.POST.get("action", "follow") != "unfollow"
    services.follow_set(
        actor=request.user, target=target, follow=following, language=get_language()
    )
    if following:
        messages.success(
            request,
            _("You follow %(name)s: what changes appears under “New for you”.")
            % {"name": _name(target)},
        )
    else:
        messages.success(request, _("You no longer follow %(name)s.") % {"name": _name(target)})
    return redirect(back)


def _name(target) -> str:
    return getattr(target, "title", None) or getattr(target, "name", None) or str(target)


@login_required
@require_GET
def feed(request):
    notices = services.visible_notices(request.viewer)
    page = Paginator(notices, FEED_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "following/feed.html",
        {
            "page_obj": page,
            "entries": [describe(notice) for notice in page.object_list],
            "follow_count": Follow.objects.filter(user=request.user).count(),
        },
    )


@login_required
def notification_settings(request):
    found = services.settings_for(request.user)
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            services.settings_update(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Your email settings have been saved."))
            return redirect("following:settings")
    else:
        form = NotificationSettingsForm(
            initial={"frequency": found.frequency, "language": found.language}
        )
    # A project the person may no longer see (made members-only) is left out: no trace.
    visible = Project.objects.visible_to(request.viewer).values("pk")
    follows = (
        Follow.objects.filter(user=request.user)
        .filter(Q(project__isnull=True) | Q(project__in=visible))
        .select_related("topic", "network", "municipality", "project")
        .order_by("-created_at")
    )
    return render(
        request,
        "following/settings.html",
        {
            "form": form,
            "follows": [
                {"name": _name(f.target), "url": f.target.get_absolute_url(), **_segment(f)}
                for f in follows
            ],
        },
    )


def _segment(follow: Follow) -> dict:
    for field, segment in SEGMENTS.items():
        if getattr(follow, f"{field}_id"):
            return {"kind": segment, "slug": getattr(follow, field).slug}
    raise ValueError(follow)


@require_http_methods(["GET", "HEAD", "POST"])
@csrf_exempt  # RFC 8058: the mail program POSTs without a session; the signed token decides
def unsubscribe(request, token):
    """GET shows a confirmation (link scanners open links); POST unsubscribes. No sign-in:
    the signed token names the person."""
    try:
        user_id = delivery.unsubscribe_user_id(token)
    except signing.BadSignature:
        return render(request, "following/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        delivery.unsubscribe(user_id)
        return render(request, "following/unsubscribe.html", {"done": True})
    return render(request, "following/unsubscribe.html", {"done": False, "token": token})

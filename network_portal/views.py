from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from events.models import Event, Recap
from members.models import Network
from projects.models import Project

# How many of the latest projects and upcoming events the home page shows.
HOME_ROWS = 6
HOME_RECAPS = 3


@require_safe
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def home(request):
    return render(
        request,
        "home.html",
        {
            "projects": Project.objects.visible_to(request.viewer).with_card_data()[:HOME_ROWS],
            "events": Event.objects.visible_to(request.viewer)
            .upcoming()
            .with_card_data()
            .order_by("starts_on", "title")[:HOME_ROWS],
            "recaps": Recap.objects.published().with_card_data()[:HOME_RECAPS],
            "networks": Network.objects.with_member_count().order_by("name"),
        },
    )

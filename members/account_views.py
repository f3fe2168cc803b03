"""The person's own data: see what the portal holds, download it, delete the account."""

from allauth.account.views import password_reset_from_key as allauth_password_reset_from_key
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from members.account_forms import AccountDeleteForm
from members.account_services import account_delete as delete_account
from members.account_services import account_export


@login_required
@require_GET
def account_data(request):
    return render(request, "members/account_data.html")


@login_required
@require_GET
def account_data_download(request):
    response = JsonResponse(account_export(user=request.user), json_dumps_params={"indent": 2})
    filename = f"netzwerkportal-daten-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST":
        # Password guesses count against allauth's reauthentication limit (10/min per user).
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form.add_error(None, _("Too many attempts. Please try again later."))
        elif form.is_valid():
            delete_account(user=request.user)
            logout(request)
            messages.success(request, _("Your account and your data have been deleted."))
            return redirect("home")
    return render(request, "members/account_delete.html", {"form": form})


# A user id in base 36 (allauth's password-reset links): 13 digits hold any 64-bit id.
LONGEST_USER_ID = 13


def password_reset_from_key(request, uidb36, key):
    if len(uidb36) > LONGEST_USER_ID:
        raise Http404
    return allauth_password_reset_from_key(request, uidb36=uidb36, key=key)

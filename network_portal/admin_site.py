"""The Django admin opens for staff only once they sign in with two factors."""

import functools

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from members.two_factor import has_two_factor


def require_two_factor(admin_view):
    """Wrap AdminSite.admin_view: after its own staff check, every admin page sends a staff
    member without an authenticator app to set one up, saying why."""

    @functools.wraps(admin_view)
    def admin_view_with_two_factor(view, cacheable=False):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            if not has_two_factor(request.user):
                messages.warning(
                    request,
                    _(
                        "The administration opens only with two-factor authentication. "
                        "Please set up an authenticator app first."
                    ),
                )
                return redirect("mfa_activate_totp")
            return view(request, *args, **kwargs)

        return admin_view(checked, cacheable)

    return admin_view_with_two_factor

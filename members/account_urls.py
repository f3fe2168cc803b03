"""The person's own data in the account area (/konto/), beside allauth's pages."""

from django.urls import path, re_path

from members import account_views

urlpatterns = [
    # allauth's own pattern, checked first: an id too long for a user (base 36) is a 404, not
    # the 500 of Python's limit on converting a 4,300-digit number.
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path("daten/", account_views.account_data, name="account_data"),
    path("daten/export.json", account_views.account_data_download, name="account_data_download"),
    path("loeschen/", account_views.account_delete, name="account_delete"),
]

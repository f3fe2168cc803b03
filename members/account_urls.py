"""The person's own data in the account area (/konto/), beside allauth's pages."""

from django.urls import path

from members import account_views

urlpatterns = [
    path("daten/", account_views.account_data, name="account_data"),
    path("daten/export.json", account_views.account_data_download, name="account_data_download"),
    path("loeschen/", account_views.account_delete, name="account_delete"),
]

from django.urls import reverse

from tests.pages import page


@page("home")
def home_page():
    return reverse("home")


@page("healthz", html=False)
def healthz():
    return reverse("healthz")

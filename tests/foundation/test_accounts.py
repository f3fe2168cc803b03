import re

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

NEW_PASSWORD = "Smarte-Region-2030!"


def confirmation_link(message):
    match = re.search(r"https?://[^/\s]+(/konto/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_signup_needs_a_verified_email_before_login(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "digital@salzlandkreis.example",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["digital@salzlandkreis.example"]
    # Not signed in until the address is confirmed.
    assert "_auth_user_id" not in client.session

    response = client.post(
        reverse("account_login"),
        {"login": "digital@salzlandkreis.example", "password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_signup_verify_login_logout(client, db):
    client.post(
        reverse("account_signup"),
        {"email": "officer@bamberg.example", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    link = confirmation_link(mail.outbox[0])

    assert client.get(link).status_code == 200  # a page with a confirm button, no change on GET
    assert not EmailAddress.objects.get(email="officer@bamberg.example").verified
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="officer@bamberg.example").verified
    user = get_user_model().objects.get(email="officer@bamberg.example")
    assert client.session["_auth_user_id"] == str(user.pk)

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session

    response = client.post(
        reverse("account_login"), {"login": "OFFICER@bamberg.example", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_refused_with_a_message(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "not-the-password"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_failed_logins_are_rate_limited_even_with_the_right_password(client, user, password):
    for attempt in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": f"wrong-{attempt}"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": password})

    assert "_auth_user_id" not in client.session
    assert "Zu viele gescheiterte Anmeldeversuche" in str(response.context["form"].errors)


def test_password_reset_sends_a_link(client, user):
    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/konto/password/reset/key/" in mail.outbox[0].body


def test_account_pages_use_the_portal_layout(client, db):
    response = client.get(reverse("account_login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="skip-link"' in html
    assert '<main id="main"' in html
    assert re.search(r'<label for="id_login">', html)

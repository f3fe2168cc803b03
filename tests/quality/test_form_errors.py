"""Form errors are shown next to their field and tied to it; errors about the whole form
(a wrong password) are announced above the fields."""

import re

from django.urls import reverse


def field_markup(html, field_id):
    """The .field block that holds the input `field_id`."""
    for block in re.findall(
        r'<div class="field[^"]*">.*?</div>\s*(?=<div class="field|<div class="form-actions")',
        html,
        re.S,
    ):
        if f'id="{field_id}"' in block:
            return block
    raise AssertionError(f"no field block holds #{field_id}")


def test_a_missing_email_is_reported_next_to_the_field_and_tied_to_it(client, db):
    response = client.post(reverse("account_login"), {"login": "", "password": "x"}, secure=True)
    html = response.content.decode()

    block = field_markup(html, "id_login")
    error = re.search(r'<ul class="errorlist" id="(?P<id>[^"]+)">', block)
    assert error, block
    input_tag = re.search(r'<input[^>]+id="id_login"[^>]*>', block).group(0)
    assert f'aria-describedby="{error["id"]}"' in input_tag
    assert 'aria-invalid="true"' in input_tag
    assert block.index('id="id_login"') < block.index('<ul class="errorlist"'), "error after input"


def test_a_wrong_password_is_announced_above_the_fields(client, user, db):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "falsch-falsch"}, secure=True
    )
    html = response.content.decode()

    alert = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', html, re.S)
    assert alert and "errorlist" in alert.group(1)
    assert html.index('role="alert"') < html.index('id="id_login"')


def test_password_help_text_follows_its_input(client, db):
    html = client.get(reverse("account_signup"), secure=True).content.decode()
    block = field_markup(html, "id_password1")
    assert block.index('id="id_password1"') < block.index('id="id_password1_helptext"')
    assert 'aria-describedby="id_password1_helptext"' in block


def test_a_form_with_field_errors_opens_with_a_summary_linking_to_each(client, db):
    from tests.factories.members import MunicipalityFactory, OfficerFactory

    officer = OfficerFactory()
    client.force_login(officer.user)
    municipality = MunicipalityFactory()
    url = reverse("members:officer_request", kwargs={"slug": municipality.slug})
    html = client.post(url, {"role_title": "", "message": "x" * 3000}, secure=True)
    html = html.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary, html[:3000]
    links = re.findall(r'<a href="#([^"]+)">', summary.group(0))
    assert links and all(f'id="{target}"' in html for target in links)


def test_a_wrong_password_alone_gets_no_summary(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "falsch-falsch"}, secure=True
    )
    assert 'class="error-summary"' not in response.content.decode()

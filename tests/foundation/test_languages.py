from django.urls import reverse


def test_german_is_the_default_language(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert '<html lang="de">' in response.content.decode()
    assert response["Content-Language"] == "de"


def test_switching_to_english_and_back(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html

    client.post(reverse("set_language"), {"language": "de", "next": reverse("home")})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="de">' in html
    assert "Zum Inhalt springen" in html


def test_the_switcher_marks_the_current_language(client, db):
    html = client.get(reverse("home")).content.decode()

    assert 'value="de" lang="de" aria-describedby="language-label" aria-current="true"' in html
    assert 'value="en" lang="en" aria-describedby="language-label">' in html


def test_an_unknown_language_changes_nothing(client, db):
    client.post(reverse("set_language"), {"language": "xx", "next": reverse("home")})

    assert '<html lang="de">' in client.get(reverse("home")).content.decode()


def test_a_foreign_next_address_is_not_followed(client, db):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]

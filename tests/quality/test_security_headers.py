"""Security headers on every response (OWASP ASVS 5.0 V3.4, BSI APP.3.1): the checker,
error responses, and that the checker notices a weak policy. The gate on every registered
page, for every persona in both languages, is in test_served_pages.py."""

CSP_MUST = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}
CSP_NEVER = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:")


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def header_problems(response) -> list[str]:
    problems = []
    csp = response.headers.get("Content-Security-Policy")
    if not csp:
        return ["no Content-Security-Policy header"]
    directives = parse_csp(csp)
    for name, source in CSP_MUST.items():
        if directives.get(name) != [source]:
            problems.append(f"CSP {name} is {directives.get(name)}, not [{source}]")
    for name, sources in directives.items():
        for bad in CSP_NEVER:
            if bad in sources:
                problems.append(f"CSP {name} allows {bad}")
    # (X-Frame-Options is not required: CSP frame-ancestors 'none' replaces it, and responses
    # refused early by middleware do not pass XFrameOptionsMiddleware.)
    expected = {
        "X-Content-Type-Options": lambda v: v == "nosniff",
        "Referrer-Policy": lambda v: (
            v in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")
        ),
        "Cross-Origin-Opener-Policy": lambda v: v == "same-origin",
        "Permissions-Policy": lambda v: "camera=()" in v and "geolocation=()" in v,
        "Strict-Transport-Security": lambda v: (
            int(v.split("max-age=")[1].split(";")[0]) >= 31536000
        ),
    }
    for name, ok in expected.items():
        value = response.headers.get(name)
        if value is None:
            problems.append(f"no {name} header")
        elif not ok(value):
            problems.append(f"{name}: {value!r}")
    return problems


def test_error_responses_send_the_security_headers_too(client, db):
    for response in (
        client.get("/gibt-es-nicht/", secure=True),
        client.get("/?q=%00", secure=True),
    ):
        assert response.status_code in (400, 404)
        assert header_problems(response) == []


def test_the_csp_checker_notices_a_weak_policy():
    class Weak:
        headers = {"Content-Security-Policy": "default-src *; script-src 'self' 'unsafe-inline'"}

    problems = header_problems(Weak())
    assert any("default-src" in p for p in problems)
    assert any("unsafe-inline" in p for p in problems)
    assert any("object-src" in p for p in problems)

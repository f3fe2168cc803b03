"""publiccode.yml (the metadata standard of OpenCoDE and Developers Italia, version 0.4) for
projects (issue 13, point 6): read one — uploaded or fetched from a repository — check its
mandatory keys, map it onto a project's fields; and write one from a project.

Fetching a URL is guarded against server-side request forgery: https only, every address
the host resolves to must be a public one (no private, loopback, link-local, multicast,
reserved or unspecified address), the connection goes to the address that was checked (no
second lookup), redirects are followed only to https on the same host (checked again),
at most MAX_BYTES are read (in chunks) and every socket operation has a timeout.
"""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urljoin, urlsplit

import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from license_expression import get_spdx_licensing

from projects.models import Project

MAX_BYTES = 1024 * 1024
TIMEOUT = 10  # seconds, for each connect and read
MAX_REDIRECTS = 3
CHUNK = 64 * 1024

DEVELOPMENT_STATUS = ("concept", "development", "beta", "stable", "obsolete")
SOFTWARE_TYPES = (
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
)
MAINTENANCE_TYPES = ("internal", "contract", "community", "none")
STAGE_FROM_STATUS = {
    "concept": Project.Stage.IDEA,
    "development": Project.Stage.PROOF_OF_CONCEPT,
    "beta": Project.Stage.PILOT,
    "stable": Project.Stage.PERMANENT,
    "obsolete": Project.Stage.STOPPED,
}
STATUS_FROM_STAGE = {
    Project.Stage.IDEA: "concept",
    Project.Stage.PROOF_OF_CONCEPT: "development",
    Project.Stage.PILOT: "beta",
    Project.Stage.PERMANENT: "stable",
    Project.Stage.ROLLED_OUT: "stable",
    Project.Stage.STOPPED: "obsolete",
    Project.Stage.NOT_STATED: "development",
}


class PubliccodeError(Exception):
    """The file could not be read or fetched; `errors` lists (key, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors))
        self.errors = errors


# Reading and checking


def parse(text: str | bytes) -> dict:
    """The checked publiccode.yml as a dict, or PubliccodeError with every problem by key."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise PubliccodeError([("", _("The file is not UTF-8 text."))]) from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise PubliccodeError([("", _("The file is not valid YAML."))]) from error
    if not isinstance(data, dict):
        raise PubliccodeError([("", _("The file holds no publiccode.yml mapping."))])
    errors = check(data)
    if errors:
        raise PubliccodeError(errors)
    return data


def _get(data, path: str):
    value = data
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def check(data: dict) -> list[tuple[str, str]]:
    """Problems with the standard's mandatory keys, as (key, message) pairs."""
    errors = []
    missing = _("This key is mandatory.")

    def text(path, max_length=None):
        value = _get(data, path)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.append((path, missing))
        elif not isinstance(value, str | int | float):
            errors.append((path, _("Expected text.")))
        elif max_length and len(str(value)) > max_length:
            errors.append((path, _("At most %(n)s characters are allowed.") % {"n": max_length}))

    def choice(path, choices):
        value = _get(data, path)
        if value is None:
            errors.append((path, missing))
        elif value not in choices:
            errors.append(
                (path, _("Expected one of: %(values)s.") % {"values": ", ".join(choices)})
            )

    def text_list(path):
        value = _get(data, path)
        if value is None:
            errors.append((path, missing))
        elif not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            errors.append((path, _("Expected a list of one or more texts.")))

    text("publiccodeYmlVersion")
    text("name")
    url = _get(data, "url")
    text("url")
    if isinstance(url, str) and url.strip() and urlsplit(url).scheme not in ("https", "http"):
        errors.append(("url", _("Expected the address of the source code repository.")))
    text_list("platforms")
    choice("developmentStatus", DEVELOPMENT_STATUS)
    choice("softwareType", SOFTWARE_TYPES)

    description = _get(data, "description")
    if not isinstance(description, dict) or not description:
        errors.append(("description", _("Expected a description in at least one language.")))
    else:
        for language in description:
            text(f"description.{language}.shortDescription", max_length=150)
            text(f"description.{language}.longDescription", max_length=10000)
            text_list(f"description.{language}.features")

    text("legal.license")
    licence = _get(data, "legal.license")
    if isinstance(licence, str) and licence.strip():
        info = get_spdx_licensing().validate(licence)
        if info.errors or info.invalid_symbols:
            errors.append(
                ("legal.license", _("Expected an SPDX licence identifier or expression."))
            )

    choice("maintenance.type", MAINTENANCE_TYPES)
    maintenance = _get(data, "maintenance.type")
    if maintenance == "contract" and not _get(data, "maintenance.contractors"):
        errors.append(
            ("maintenance.contractors", _("Mandatory when maintenance.type is contract."))
        )
    if maintenance in ("internal", "community") and not _get(data, "maintenance.contacts"):
        errors.append(
            ("maintenance.contacts", _("Mandatory when maintenance.type is internal or community."))
        )

    if not isinstance(_get(data, "localisation.localisationReady"), bool):
        errors.append(("localisation.localisationReady", _("Expected true or false.")))
    text_list("localisation.availableLanguages")
    return errors


# Mapping


def project_values(data: dict) -> dict:
    """The project form's values from a checked publiccode.yml: German text first, then
    English, then any language given; English text also fills the English fields."""
    description = data["description"]
    primary = next(
        (language for language in ("de", "en") if language in description), next(iter(description))
    )
    main = description[primary]
    features = "\n".join(f"- {feature}" for feature in main["features"])
    values = {
        "title": str(data["name"])[:200],
        "summary": str(main["shortDescription"]),
        "description": f"{main['longDescription']}\n\n{features}".strip(),
        "repository_url": str(data["url"]),
        "licence": str(data["legal"]["license"]),
        "is_open_source": True,
        "stage": STAGE_FROM_STATUS[data["developmentStatus"]],
    }
    if primary != "en" and "en" in description:
        values["title_en"] = str(data["name"])[:200]
        values["summary_en"] = str(description["en"]["shortDescription"])
    return values


def generate(project: Project) -> str:
    """A publiccode.yml of an open-source project (no personal data: the maintainer named is
    the lead municipality)."""
    site = settings.SITE_URL.rstrip("/")
    long_description = project.description or project.summary
    description = {
        "de": {
            "shortDescription": project.summary[:150],
            "longDescription": long_description[:10000],
            "features": [project.summary[:150]],
        }
    }
    languages = ["de"]
    if project.summary_en:
        description["en"] = {
            "shortDescription": project.summary_en[:150],
            "longDescription": project.summary_en,
            "features": [project.summary_en[:150]],
        }
        languages.append("en")
    data = {
        "publiccodeYmlVersion": "0.4",
        "name": project.title,
        "url": project.repository_url,
        "landingURL": site + project.get_absolute_url(),
        "platforms": ["web"],
        "developmentStatus": STATUS_FROM_STAGE.get(project.stage, "development"),
        "softwareType": "standalone/other",
        "description": description,
        "legal": {"license": project.licence},
        "maintenance": {
            "type": "internal",
            "contacts": [{"name": project.lead_municipality.name}],
        },
        "localisation": {"localisationReady": False, "availableLanguages": languages},
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def offers_publiccode(project: Project) -> bool:
    return bool(project.is_open_source and project.repository_url and project.licence)


# Fetching


def file_address(url: str) -> str:
    """Where a repository's publiccode.yml lies: the address itself when it names a .yml
    file, GitHub's raw file, else GitLab's (OpenCoDE runs GitLab)."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    if path.endswith((".yml", ".yaml")):
        return url.strip()
    if parts.hostname == "github.com":
        return f"https://raw.githubusercontent.com{path.removesuffix('.git')}/HEAD/publiccode.yml"
    return f"https://{parts.netloc}{path.removesuffix('.git')}/-/raw/HEAD/publiccode.yml"


def refused(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # without an IPv6 zone id
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def resolve(host: str) -> list[str]:
    """Every address `host` resolves to (a seam for tests)."""
    return [info[4][0] for info in socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)]


def public_address(host: str) -> str:
    try:
        addresses = resolve(host)
    except (OSError, UnicodeError) as error:
        raise PubliccodeError([("url", _("The host could not be found."))]) from error
    if not addresses or any(refused(address) for address in addresses):
        raise PubliccodeError([("url", _("This address is not allowed."))])
    return addresses[0]


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to the address that was checked, with the host's name for SNI and the
    certificate (no second lookup that could answer differently)."""

    def __init__(self, host, address, **kwargs):
        super().__init__(host, 443, timeout=TIMEOUT, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def request(host: str, address: str, path: str):
    """(status, headers, body chunks) of a GET (a seam for tests)."""
    connection = PinnedHTTPSConnection(host, address)
    connection.request("GET", path or "/", headers={"User-Agent": "Netzwerkportal publiccode"})
    response = connection.getresponse()

    def chunks():
        try:
            while chunk := response.read(CHUNK):
                yield chunk
        finally:
            connection.close()

    return response.status, {k.lower(): v for k, v in response.getheaders()}, chunks()


def fetch(url: str) -> bytes:
    """The publiccode.yml at a repository's address (see the module's docstring)."""
    address_url = file_address(url)
    for _redirect in range(MAX_REDIRECTS + 1):
        parts = urlsplit(address_url)
        if parts.scheme != "https" or not parts.hostname:
            raise PubliccodeError([("url", _("Only https addresses can be fetched."))])
        if parts.port not in (None, 443):
            raise PubliccodeError([("url", _("This address is not allowed."))])
        address = public_address(parts.hostname)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            status, headers, chunks = request(parts.hostname, address, path)
            if status in (301, 302, 303, 307, 308):
                chunks.close()
                target = urljoin(address_url, headers.get("location", ""))
                if urlsplit(target).hostname != parts.hostname:
                    raise PubliccodeError(
                        [
                            (
                                "url",
                                _("The address redirects to another host, which is not followed."),
                            )
                        ]
                    )
                address_url = target
                continue
            if status != 200:
                chunks.close()
                raise PubliccodeError(
                    [("url", _("The server answered %(status)s.") % {"status": status})]
                )
            body = bytearray()
            for chunk in chunks:
                body += chunk
                if len(body) > MAX_BYTES:
                    chunks.close()
                    raise PubliccodeError([("url", _("The file is larger than 1 MB."))])
            return bytes(body)
        except (OSError, http.client.HTTPException) as error:
            raise PubliccodeError([("url", _("The file could not be fetched."))]) from error
    raise PubliccodeError([("url", _("Too many redirects."))])

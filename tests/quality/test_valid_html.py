"""The Nu Html Checker finds no errors on any registered page, for either persona, in
either language. All pages are saved into one folder and checked in one JVM start."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.quality.gates import PageRaised, build_samples, fetch_checked

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# "file:/tmp/x/page.html":3.5-3.20: error: Element “div” not allowed ...
GNU_LINE = re.compile(
    r'^"?(?:file:)?(?P<file>[^":]+)"?:(?P<where>[\d.\-]+): (?P<kind>[\w ]+): (?P<message>.*)$'
)


def run_vnu(folder: Path) -> list[tuple[str, str, str]]:
    """(file name, position, message) of every error vnu reports in `folder`."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.fail(
            "The HTML check needs Java and node_modules/vnu-jar (scripts/test.sh installs "
            "both: apt-get install default-jre-headless; npm ci)."
        )
    result = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "gnu", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = []
    for line in (result.stdout + result.stderr).splitlines():
        match = GNU_LINE.match(line.strip())
        if match and "error" in match["kind"]:
            errors.append((Path(match["file"]).name, match["where"], match["message"]))
        elif line.strip():
            errors.append(("vnu", "", line.strip()))
    if result.returncode != 0 and not errors:
        errors.append(("vnu", "", f"exit status {result.returncode}"))
    return errors


def test_vnu_reads_errors_it_finds(tmp_path):
    """The gate would notice invalid HTML (guards the output parsing)."""
    (tmp_path / "broken.html").write_text(
        '<!DOCTYPE html><html lang="de"><head><title>x</title></head>'
        "<body><p><div>nested</div></p><a href='#' id=a id=a>x</a></body></html>"
    )
    errors = run_vnu(tmp_path)
    assert errors and all(name == "broken.html" for name, _where, _message in errors)


def test_every_registered_page_is_valid_html(db, tmp_path):
    pages = {}
    problems = []
    clients = {}
    for sample in build_samples(html_only=True):
        try:
            response = fetch_checked(sample, clients)
        except PageRaised as error:
            problems.append(str(error))
            continue
        if response.status_code != 200:
            problems.append(f"{sample.label}: status {response.status_code}, not 200")
            continue
        name = f"{sample.slug}.html"
        (tmp_path / name).write_bytes(response.content)
        pages[name] = sample.label
    assert pages

    for name, where, message in run_vnu(tmp_path):
        problems.append(f"{pages.get(name, name)} line {where}: {message}")
    assert not problems, f"{len(problems)} HTML problems:\n" + "\n".join(problems)

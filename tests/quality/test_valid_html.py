"""The Nu Html Checker (vnu) and how the gate reads it. The gate itself, no errors on any
registered page for any persona in either language, is in test_served_pages.py: all pages
are saved into one folder and checked in one JVM start."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

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

"""axe-core on every registered page, signed in and out, in German and English: zero
violations of WCAG 2.0 / 2.1 A and AA; every form field has a label.

axe is given to every page of a context by Playwright (an init script), in a context that
bypasses the page's CSP, so the portal's strict policy stays as it is.

The samples are checked in PARTS test files (test_accessibility_part1.py, ...), each its
own share of them, so that the two CI processes (pytest-xdist hands out whole files) check
them side by side; test_accessibility.py checks that every part is there."""

from urllib.parse import urlsplit

import pytest

from tests.browser import AXE_JS
from tests.quality.gates import build_samples

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PARTS = 3

# Only the violations are reported, so axe is told to list only them in full
# (resultTypes): it then stops collecting every passing and inapplicable node with its CSS
# selector, which took a third of its time. The violations it finds are the same.
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""

UNLABELLED_FIELDS = """() => Array.from(document.querySelectorAll("input, select, textarea"))
  .filter(el => !["hidden", "submit", "button", "reset", "image"].includes(el.type))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
                && !el.getAttribute("aria-labelledby"))
  .map(el => el.outerHTML.slice(0, 120))"""


def axe_context(open_context, *, language=None, user=None):
    """(context, watcher) whose pages all carry axe: loaded once into the context, not
    sent to every page again (which cost as much as loading the page)."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing at {AXE_JS}: run npm ci (scripts/test.sh does).")
    context, watcher = open_context(language=language, user=user, bypass_csp=True)
    context.add_init_script(path=str(AXE_JS))
    return context, watcher


def part_of(samples: list, part: int, parts: int = PARTS) -> list:
    """The samples part `part` (1..parts) checks: every parts-th one, so each part gets
    page types of every kind and both languages."""
    if not 1 <= part <= parts:
        raise ValueError(f"part {part} of {parts}")
    return samples[part - 1 :: parts]


def check_every_registered_page(open_context, part: int) -> None:
    """Run axe on this part's samples; fail with every problem found."""
    everything = build_samples(html_only=True)  # all of them: every page as the gate knew it
    samples = part_of(everything, part)
    pages = {}
    problems = []
    for sample in samples:
        key = (sample.persona, sample.language)
        if key not in pages:
            context, watcher = axe_context(open_context, language=sample.language, user=sample.user)
            pages[key] = watcher.watch(context.new_page())
        page = pages[key]
        response = page.goto(sample.path)
        if response is None or response.status != 200:
            problems.append(f"{sample.label}: status {response and response.status}")
            continue
        if not sample.page_type.follow and urlsplit(page.url).path != urlsplit(sample.path).path:
            problems.append(f"{sample.label}: redirected to {page.url}")
            continue
        lang = page.evaluate("document.documentElement.lang")
        if lang != sample.language:
            problems.append(f"{sample.label}: <html lang={lang!r}>")
        for violation in page.evaluate(RUN_AXE, WCAG_TAGS):
            problems.append(
                f"{sample.label}: {violation['id']} ({violation['impact']}) {violation['help']} "
                f"at {violation['nodes']}"
            )
        for field in page.evaluate(UNLABELLED_FIELDS):
            problems.append(f"{sample.label}: form field without a label: {field}")
    assert samples
    print(f"axe checked {len(samples)} of {len(everything)} page views (part {part} of {PARTS})")
    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)

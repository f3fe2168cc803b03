"""WCAG 2.1 1.4.10 Reflow (BITV 2.0): every registered page reads at 320 CSS pixels wide
— what a 1280-pixel window shows at 400 % zoom — without scrolling sideways."""

import pytest

from tests.quality.gates import build_samples

NARROW = {"width": 320, "height": 900}

# Elements wider than the viewport, ignoring those inside a container that scrolls on its
# own (wide tables sit in .table-wrap, which WCAG allows for data tables).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrollsOnItsOwn = el => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow === "auto" || overflow === "scroll") return true;
    }
    return false;
  };
  return Array.from(document.body.querySelectorAll("*"))
    .filter(el => el.getBoundingClientRect().right > width + 1 && !scrollsOnItsOwn(el))
    .slice(0, 3)
    .map(el => el.outerHTML.slice(0, 100));
}"""


@pytest.mark.browser
def test_every_registered_page_reflows_at_320_pixels(open_context):
    samples = build_samples(html_only=True, languages=("de",))
    pages = {}
    problems = []
    for sample in samples:
        if sample.persona not in pages:
            context, _watcher = open_context(language=sample.language, user=sample.user)
            page = context.new_page()
            page.set_viewport_size(NARROW)
            pages[sample.persona] = page
        page = pages[sample.persona]
        page.goto(sample.path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > NARROW["width"]:
            problems.append(f"{sample.label}: {scroll_width} px wide; {page.evaluate(OVERFLOWING)}")
    assert samples
    assert not problems, "pages that scroll sideways at 320 px:\n" + "\n".join(problems)


@pytest.mark.browser
def test_the_reflow_check_notices_a_page_that_scrolls_sideways(open_context):
    context, _watcher = open_context()
    page = context.new_page()
    page.set_viewport_size(NARROW)
    page.goto("/")
    page.evaluate(
        """() => { const wide = document.createElement("div");
                   wide.className = "too-wide"; wide.textContent = "x";
                   wide.setAttribute("hidden", "");
                   document.querySelector("main").appendChild(wide);
                   wide.removeAttribute("hidden");
                   wide.animate([{width: "900px"}, {width: "900px"}], {duration: 100000}); }"""
    )

    assert page.evaluate("document.documentElement.scrollWidth") > NARROW["width"]
    assert page.evaluate(OVERFLOWING)

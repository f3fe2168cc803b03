"""axe-core on every registered page: part 1 of tests.quality.axe.PARTS (see there)."""

import pytest

from tests.quality.axe import check_every_registered_page

PART = 1


@pytest.mark.browser
def test_every_registered_page_passes_axe(open_context):
    check_every_registered_page(open_context, PART)

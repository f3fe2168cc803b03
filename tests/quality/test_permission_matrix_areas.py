"""The permission matrix's rows of tests/quality/matrix_rows/ (editing, pictures, adoptions,
featured projects, events): the same check as test_permission_matrix.py, in a file of its
own so that both halves run in parallel."""

import pytest

from tests.quality.matrix import cells, check_cell, collected_rows


@pytest.mark.parametrize(("row", "method", "name", "expected"), cells(collected_rows()))
def test_permission_matrix(personas_once, db, row, method, name, expected):
    check_cell(personas_once, row, method, name, expected)

"""Lists whose editors choose the order (featured projects, a programme, a recap's quotes):
one place up or down per click, with a form that works without JavaScript."""

from django import forms

from core.cached import content_changed

UP, DOWN = "up", "down"


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[(UP, UP), (DOWN, DOWN)])


def moved(rows: list, row_pk, direction: str, *, first: int = 0) -> list | None:
    """`rows` (in their order, each with a `position`) with the row `row_pk` one place up or
    down and every position renumbered from `first`; None when the row is already at that
    end. Raises LookupError when `row_pk` is not among `rows`."""
    if direction not in (UP, DOWN):
        raise ValueError(direction)
    index = next((i for i, row in enumerate(rows) if row.pk == row_pk), None)
    if index is None:
        raise LookupError(row_pk)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(rows):
        return None
    rows = list(rows)
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=first):
        row.position = position
    return rows


def save_order(rows: list) -> None:
    """Writes the positions moved() gave `rows` in one bulk write. A bulk write sends no
    signals, so the content generation is moved on here (core.cached): the kept pages
    show the new order in the next answer."""
    type(rows[0]).objects.bulk_update(rows, ["position"])
    content_changed()

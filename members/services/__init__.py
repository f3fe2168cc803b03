"""Writes to members' data that take more than saving one form (STYLE §4), by subject."""

from members.services.imports import (
    ImportReport,
    MunicipalityImportAborted,
    municipalities_import,
)

__all__ = ["ImportReport", "MunicipalityImportAborted", "municipalities_import"]

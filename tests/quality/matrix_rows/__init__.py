"""Rows of the permission matrix, one module per area, each with a ROWS list."""

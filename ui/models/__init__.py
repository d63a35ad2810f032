"""Qt table models over the core's plain data: named columns, named roles, no widgets."""

"""The SisterCity Desk desktop app (Qt): windows, lists and editors over the core services."""

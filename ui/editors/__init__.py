"""One editor per kind of record, each autosaving through the core's services."""

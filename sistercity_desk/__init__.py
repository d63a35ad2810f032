"""SisterCity Desk core: data, rules and documents of a council office, with no GUI."""

__version__ = "0.1.0"

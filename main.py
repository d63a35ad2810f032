"""Starts the SisterCity Desk desktop app: ``python main.py [--db URL]``."""

from ui.app import main

if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m sistercity_desk``: the command line."""

from sistercity_desk.cli import run

run()

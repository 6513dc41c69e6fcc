"""`python -m diptych`: the diptych command."""

from .cli import main

raise SystemExit(main(prog="python -m diptych"))

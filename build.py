"""Build the site: `python build.py [--site DIR] [--out DIR]`, or any diptych command (see README.md)."""

from diptych.cli import main

raise SystemExit(main(prog="python build.py"))

"""Build the site: `python build.py [--site DIR] [--out DIR]` (see README.md)."""

from diptych.cli import main

raise SystemExit(main())

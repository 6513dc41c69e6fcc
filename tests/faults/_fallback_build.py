"""build.py on a file system without RENAME_EXCHANGE: the swap falls back to two renames (used by test_kill.py).

Run as `python _fallback_build.py --site SITE --out OUT`; everything else is the real command line.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, as build.py has it

import diptych.write.staging  # noqa: E402

diptych.write.staging._exchange = lambda a, b: False  # as _exchange answers where renameat2 is missing or EINVAL

from diptych.cli import main  # noqa: E402

raise SystemExit(main(prog="python build.py"))

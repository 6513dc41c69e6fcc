"""The teaser / withheld split of a body, and the share of the article left to read.

The parts:

- `teaser.py`: the split of one block reading into the teaser and the withheld part (`split`), the public text
  (`text`), load's one reading of a body (`survey`), the share left to read
- `marker.py`: the paywall marker checked at load: where a body's markers are, the lines that only look like one
- `bounded.py`: the bodies Python-Markdown could not read in bounded time (`too_slow`, `slow_inline`)
"""

from .bounded import slow_inline as slow_inline
from .bounded import too_slow as too_slow
from .marker import Markers as Markers
from .marker import markers as markers
from .teaser import OUTLINE_DEPTH as OUTLINE_DEPTH
from .teaser import Split as Split
from .teaser import Survey as Survey
from .teaser import remaining_percent as remaining_percent
from .teaser import split as split
from .teaser import survey as survey
from .teaser import text as text

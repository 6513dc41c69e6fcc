"""Markdown to safe HTML: inline titles, abstracts, and bodies with footnotes, tables and heading ids.

The parts:

- `texts.py`: the texts rendered: a title (`inline`), an abstract (`block`), a body (`body`), its notes' backlinks
  in each language (`localize`)
- `reading.py`: one block reading of a body (`read`, `Reading`), which the paywall's split and the rendering share
- `finishing.py`: Python-Markdown's conversion finished block by block, the notes called and no others rendered
- `converters.py`: Python-Markdown's converters, one for each kind of text and thread
- `safe.py`: the sanitising with nh3 (what tags and attributes survive), and a fragment's text (`plain`)
"""

from .reading import HEADINGS as HEADINGS
from .reading import MARK as MARK
from .reading import Reading as Reading
from .reading import read as read
from .safe import OPEN_TAG as OPEN_TAG
from .safe import plain as plain
from .texts import BACKLINK as BACKLINK
from .texts import block as block
from .texts import body as body
from .texts import inline as inline
from .texts import localize as localize

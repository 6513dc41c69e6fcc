"""The static search index: Pagefind, run over the public pages just rendered.

- pagefind.py: Pagefind's binary over each language's pages, its files merged into one bundle, the reader module;
- parts.py: a large language's index cut into spans of volumes, searched together;
- delta.py: after an edit, the last whole index and a small one of the pages changed since, or the whole index
  made again when the delta would grow past its bound or an edit removed text from a page.
"""

from .delta import search_files as search_files
from .pagefind import BUNDLE as BUNDLE
from .pagefind import FOLDER as FOLDER
from .pagefind import PAGEFIND as PAGEFIND
from .pagefind import READER as READER
from .pagefind import SearchIndex as SearchIndex
from .pagefind import indexable as indexable
from .pagefind import merge as merge

"""Citations of one article: a formatted reference in HTML, and RIS and BibTeX records for reference managers.

The parts:

- `reference.py`: what may be cited (`Reference`), its text as one clean line, its date and pages
- `names.py`: authors' names split as the formats split them (family, given, suffix)
- `titles.py`: a title and its subtitle joined as one, as the reference's language joins them
- `csl.py`: how to cite, one bibliography entry in HTML by citeproc-py (`how_to_cite`)
- `ris_file.py`: RIS files, with rispy (`ris`)
- `bibtex_file.py`: BibTeX files, their values escaped for LaTeX (`bibtex`)
"""

from .bibtex_file import bibtex as bibtex
from .bibtex_file import latex_escape as latex_escape
from .csl import csl_locale as csl_locale
from .csl import how_to_cite as how_to_cite
from .names import split_name as split_name
from .names import whole_words as whole_words
from .reference import Reference as Reference
from .reference import page_range as page_range
from .reference import scholar_date as scholar_date
from .ris_file import RIS_LIST_TAGS as RIS_LIST_TAGS
from .ris_file import ris as ris
from .titles import full_title as full_title
from .titles import join_title as join_title
from .titles import title_joint as title_joint

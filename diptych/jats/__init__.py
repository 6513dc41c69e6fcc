"""One article as a JATS 1.3 XML document (Journal Publishing tag set): its front matter, and its full text on demand.

The front matter comes from public fields only: titles, abstracts, keywords, authors, dates, identifiers. It is
made from `views.Exported`, whose versions carry no body: the full text comes apart, and only where the edition
gives it (`views.exported`: the subscriber edition), so a front-matter-only file cannot carry a withheld word.

Titles, abstracts and bodies go through `markup` (Markdown to sanitised HTML) and the HTML is mapped to JATS:
emphasis, links, lists, quotations, tables (JATS's XHTML table model), figures, footnotes (an `xref` in the text,
an `fn` in `back/fn-group`), headings nested as `sec` by level. Any other tag keeps its text.

Parts:
- `article`: the document, front then body and back, dangling links unlinked, indented; whether a site can have one
- `front`: journal-meta and article-meta, from public fields only (never a version's body)
- `body`: the full text as `body`, its footnotes as `back/fn-group`
- `blocks`: HTML blocks as JATS blocks (paragraphs, lists, quotations, tables, figures, sections)
- `inline`: HTML inline markup as JATS inline elements, or in another table's names (Crossref's deposit uses it)
- `tree`: lxml helpers (namespaces, clean text, a child element, text appended and trimmed)
"""

from .article import exportable as exportable
from .article import jats_article as jats_article

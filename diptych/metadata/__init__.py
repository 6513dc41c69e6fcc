"""What machines read in a page's head: Highwire `citation_*` tags, Dublin Core, Open Graph, schema.org JSON-LD.

Built from an article's public fields only (titles, abstracts, keywords, authors, dates, identifiers): no body
text, teaser or withheld, ever reaches this module.

One rule for every description (`described`): each names one language version of the article, and the URL it gives
is that version's page. Google Scholar indexes one language per article and reference managers keep the first tag
they meet, so the `citation_*` tags and the reference files (RIS, BibTeX, the CSL item of "How to cite") describe
the version that holds the full text (`text_lang`): on a page whose version has no body, the other language's, with
its title, abstract, keywords, language and page (`citation_abstract_html_url`, `citation_public_url` for Zotero,
which otherwise gives the item the URL of the page it reads). Dublin Core, JSON-LD and Open Graph describe the page
itself: its language and its own URL, the other versions' titles and abstracts marked with their languages.

The parts, one per idea:
- text.py: what every family shares (a tag, a head, the plain texts, the version described, the PDF's URL);
- tags.py: the meta tag families of an article's page: Highwire's citation_*, Dublin Core, Open Graph;
- json_ld.py: schema.org in JSON-LD;
- heads.py: each page kind's head (article, issue, language home);
- references.py: the reference citations give, the how-to-cite text and the RIS and BibTeX files.
"""

from ..cite import page_range as page_range
from ..views import text_lang as text_lang
from .heads import article_head as article_head
from .heads import home_head as home_head
from .heads import issue_head as issue_head
from .json_ld import json_ld as json_ld
from .references import Citation as Citation
from .references import citation as citation
from .references import reference as reference
from .text import Head as Head
from .text import Tag as Tag
from .text import abstract_text as abstract_text
from .text import citation_author as citation_author
from .text import described as described
from .text import license_url as license_url
from .text import pdf_url as pdf_url
from .text import plain as plain
from .text import title_text as title_text

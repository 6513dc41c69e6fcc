"""Every page planned before any renders: one PlannedPage per URL and language.

- pages.py: what a planned page is (address, language, template, context, translations, switcher links);
- site.py: the whole site's plan, language by language, and the facts it sorts by (dates, issues' contents);
- language.py: what planning one language needs, and the list items and paginated lists of every kind;
- kinds.py: the pages of each kind (home, articles, issues, authors, keywords, pages): URLs, keys, dependencies;
- contexts.py: what each page shows, made only when it is rendered;
- lists.py: lists cut into pages, and the page links each shows.
"""

from .lists import page_numbers as page_numbers
from .order import issue_contents as issue_contents
from .order import lastmod as lastmod
from .order import newest as newest
from .order import searchable as searchable
from .pages import PAGES_AROUND as PAGES_AROUND
from .pages import UNLISTED as UNLISTED
from .pages import PageMeta as PageMeta
from .pages import PlannedPage as PlannedPage
from .site import plan_site as plan_site

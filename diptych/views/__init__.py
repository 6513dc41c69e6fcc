"""The public views templates receive: no view has a field for withheld text.

- common.py: what every page kind shares (links, the journal, authors, issues, which version a page shows);
- items.py: an article as a list shows it;
- article.py: an article's page, its text as the edition gives it;
- beside.py: the files published beside an article's page;
- export.py: an article as its JATS file may know it;
- page.py: a free-standing page.
"""

from .article import ArticleView as ArticleView
from .article import Translation as Translation
from .article import article_view as article_view
from .article import backlink_title as backlink_title
from .article import edition_text as edition_text
from .article import published_pdf as published_pdf
from .beside import Beside as Beside
from .common import LIST_AUTHORS as LIST_AUTHORS
from .common import LIST_AUTHORS_CUT as LIST_AUTHORS_CUT
from .common import AuthorView as AuthorView
from .common import IssueView as IssueView
from .common import JournalView as JournalView
from .common import Link as Link
from .common import author_view as author_view
from .common import issue_label as issue_label
from .common import issue_view as issue_view
from .common import journal_view as journal_view
from .common import listed_authors as listed_authors
from .common import main_version as main_version
from .common import shown_version as shown_version
from .common import text_lang as text_lang
from .export import Exported as Exported
from .export import exported as exported
from .items import ArticleItem as ArticleItem
from .items import article_item as article_item
from .page import PageView as PageView
from .page import page_view as page_view

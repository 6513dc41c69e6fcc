"""Read content/ into a validated Site: every file, every field, every cross-reference.

Parts: `content` (the Site, from site.yaml and content/), `files` (content/'s files listed, named and read, and
those that are not content), `issues`, `parse` (article files parsed: from the build's memo, or by forked
workers), `version` (one version file checked), `checks` (the article fields and their checks), `articles`
(versions paired into articles), `unique` (slugs and DOIs), `pages`.
"""

from .content import load_content as load_content
from .content import load_site as load_site
from .files import odd_files as odd_files
from .parse import Memo as Memo

"""JATS articles (as OJS, Érudit, SciELO or PubMed Central export them) turned into diptych content.

`import_article` is pure: XML bytes in, the text of each file out (one Markdown file per language version, and the
issue's YAML when volume or number are known), with warnings and errors as `ContentError`s at the XML line. Nothing
is dropped silently: an element this module does not convert keeps its text and gets a warning naming its line.

The article's own language (`article/@xml:lang`) gets the front matter's shared fields and the body; every other
language met in `trans-title-group`, `trans-abstract`, `abstract[@xml:lang]`, `kwd-group[@xml:lang]` or a
`sub-article[@article-type="translation"]` (SciELO) becomes a version of its own: title, subtitle, abstract,
keywords, and the sub-article's body when it has one.

Decisions (see `files.write` and the README's "Migrating from OJS"):

- `access` is written only when the JATS says the article is free to read (`ali:free_to_read`, or a licence with
  `license-type="open-access"`): then `access: free`; otherwise it is left out, so site.yaml's default applies.
- `license` is the licence's URL (`xlink:href`, else `ali:license_ref`), or the licence's own one-word name when it
  names that URL (diptych's export writes `CC-BY-4.0` linked to its deed); a licence without URL keeps its text.
- The key is the DOI's suffix, else the publisher's article-id, else the file name, slugified. `slug` is left out
  (the key), `self-uri` is ignored, and a paywall marker cannot come back: JATS has none.
- A regional `xml:lang` (`pt-BR`, `fr_CA`) is imported as its base language (`pt`) with a warning at its line, as
  long as diptych's languages are base codes; beside another code of that base in the same file (`fr-CA` and `fr`)
  it is an error, as is a language Babel does not know: the import never writes a site the build would refuse.

The parts:

- `article.py`: one file: the XML parsed, its versions gathered, their files' text (`import_article`)
- `languages.py`: regional xml:lang codes made base languages, or refused
- `front.py`: the front matter as fields: titles, abstracts, DOI, pages, licence, section, issue, key
- `authors.py`: contributors as authors: names, affiliations, ORCID iDs
- `dates.py`: publication and correction dates
- `inline.py`: inline content as one line of Markdown, and where a file's warnings go
- `body.py`: block content (sections, lists, tables, figures, references, footnotes) as Markdown blocks
- `text.py`: the small text helpers every part uses
- `content.py`: a version's Markdown file and an issue's YAML, as text
- `journal.py`: the journal-meta, and the site.yaml written from it
- `files.py`: reading the files (`read_sources`), many at once (`import_files`), and their writing under the site folder (`write`, `written`)
"""

from .article import import_article as import_article
from .files import import_files as import_files
from .files import read_sources as read_sources
from .files import write as write
from .files import written as written
from .journal import SITE_FILE as SITE_FILE

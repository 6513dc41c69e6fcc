"""A Crossref deposit (schema 5.3.1) of the whole journal, one issue or one corrected article.

Metadata only: titles, abstracts, authors, dates, pages, licence and DOI, from an article's public fields; no body
text, teaser or withheld, reaches this package. The deposit carries the depositor's e-mail: it is written where
the publisher asks, never into the published output.

Choices the schema leaves open, made here:
- The DOI resolves to the article's page in the language of its full text (`metadata.text_lang` seen from the
  site's first language); that version's title comes first, with `language` on `journal_article`.
- The other versions' titles are further `titles` elements (up to 20 are allowed), as Crossref advises for
  metadata in several languages: `original_language_title` is for the registration of a translation only.
  5.3.1 gives a title no language of its own; each abstract has its `xml:lang`.
- Elements follow the XSD's sequences exactly (`journal_article`: titles, contributors, jats:abstract,
  publication_date, pages, ai:program, doi_data). Titles keep their emphasis as Crossref's face markup (`i`,
  `b`, `sup`, `sub`, `tt`); abstracts are JATS paragraphs keeping italics, bold, superscripts and subscripts.
- `head/timestamp` is the deposit's version number, which Crossref requires to grow from one deposit of a DOI
  to the next: the time of the run (UTC, YYYYMMDDhhmmss) unless given; `doi_batch_id` names what is deposited
  and that timestamp, so the same input and timestamp give the same bytes.

Parts:
- `deposit`: what a deposit holds (the articles asked for, with a DOI, by issue) and its timestamp
- `limits`: what Crossref's schema refuses although diptych accepts it, as errors with their lines
- `elements`: the deposit's elements in the XSD's order
- `text`: titles in face markup, abstracts as JATS paragraphs (through `jats.inline`, the JATS file's converter)
- `schema`: the schema's version and namespaces, and its elements with clean text
"""

from .deposit import Deposit as Deposit
from .deposit import deposit as deposit
from .deposit import timestamp_now as timestamp_now
from .deposit import valid_timestamp as valid_timestamp
from .elements import journal_article as journal_article

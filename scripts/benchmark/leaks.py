"""The benchmark's leak scan: no file of a built corpus holds a passage of a paywalled article's withheld part.

    python scripts/benchmark/leaks.py SITE OUT

The corpus's paragraphs are drawn from a pool of sentences, so a single withheld sentence may well be public in
another article: what is looked for is where two sentences meet in a withheld paragraph (the last words of one, its
full stop, the first words of the next), a few per paywalled version, leaving out any such meeting that the public
text (front matter, teasers, free articles) also has. Every output file is read as a reader or a harvester could:
gunzipped (Pagefind's files, their magic dropped), entities and JSON escapes decoded, tags dropped, curly
apostrophes and non-breaking spaces made plain, whitespace collapsed; then GNU grep looks for all the passages at
once (`grep -F`, Aho-Corasick), one line per file. Outside CI: it reads every byte of the output.

An article's front matter and marker are read as diptych reads them (diptych.source, diptych.paywall.marker): a free
article is public whole, marker or not. What it cannot see, and the suite's leak tests (tests/site/test_leak.py,
test_search_index.py, test_search_parts.py) check instead: a withheld *word* (the corpus draws every word from one
public vocabulary, so a search index's pages of words or word chunks could hold none that is not public elsewhere);
a paywalled article without a marker (cut by teaser_paragraphs: the corpus always has one); footnote definitions.
"""

from __future__ import annotations

import argparse
import gzip
import html
import re
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path, PurePosixPath

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository's diptych, as build.py finds it

from diptych.config import read_config  # noqa: E402
from diptych.errors import Position  # noqa: E402
from diptych.paywall.marker import MARKER  # noqa: E402  (a line of its own, any letter case)
from diptych.source import parse_document  # noqa: E402

MAGIC = b"pagefind_dcd"
PER_VERSION = 3  # passages looked for per paywalled version: its first, middle and last withheld meetings
WORDS = 4  # words on each side of a meeting
TAGS = re.compile(r"<[^>]*>")
JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
JSON_CHARACTER = re.compile(r'\\(["\\/])')
SPACES = re.compile(r"\s+")
MEETING = re.compile(r"(?<=[.?!]) (?=\S)")


def plain(text: str) -> str:
    """Text as the scan compares it: no tags, entities and escapes decoded, plain apostrophes and spaces."""
    text = JSON_CHARACTER.sub(r"\1", JSON_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text))
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # an escaped pair made one character
    text = html.unescape(TAGS.sub("", text)).replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return SPACES.sub(" ", text).strip()


def markdown_plain(text: str) -> str:
    return plain(text.replace("*", ""))


def passages(site: Path) -> tuple[list[str], str]:
    """The withheld meetings of sentences to look for, and the public text they must not be confused with."""
    wanted, public = [], []
    config, _ = read_config(site)
    default = config.paywall.access if config else "paywalled"
    for path in sorted((site / "content" / "articles").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        document, _ = parse_document(text, Position(PurePosixPath(path.name)))
        access = document.fields["access"].value if document and "access" in document.fields else default
        lines = text.split("\n")
        cut = next((n for n, line in enumerate(lines) if MARKER.match(line)), None) if access == "paywalled" else None
        public.append(markdown_plain(text if cut is None else "\n".join(lines[:cut])))
        if cut is None:
            continue
        after = "\n".join(lines[cut + 1 :])
        meetings = []
        for paragraph in after.split("\n\n"):
            paragraph = paragraph.strip()
            if not paragraph or paragraph.startswith(("#", "[^")):
                continue
            sentences = MEETING.split(markdown_plain(paragraph))
            for one, two in pairwise(sentences):
                left, right = one.split()[-WORDS:], two.split()[:WORDS]
                if len(left) == WORDS and len(right) == WORDS and "[^" not in one:
                    meetings.append(" ".join([*left, *right]))
        if meetings:
            picks = {0, len(meetings) // 2, len(meetings) - 1}
            wanted += [meetings[i] for i in sorted(picks)[:PER_VERSION]]
    return wanted, "\n".join(public)


def readable(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
        data = data[len(MAGIC) :] if data.startswith(MAGIC) else data
    return plain(data.decode("utf-8", errors="replace"))


def grep(patterns: list[str], text_file: Path) -> list[tuple[int, str]]:
    """(line number, passage) for every passage grep finds in the file."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as listed:
        listed.write("\n".join(patterns) + "\n")
    try:
        run = subprocess.run(
            ["grep", "-F", "-o", "-n", "-f", listed.name, str(text_file)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    finally:
        Path(listed.name).unlink()
    if run.returncode > 1:
        raise SystemExit(f"grep failed: {run.stderr.strip()}")
    found = []
    for line in run.stdout.splitlines():
        number, _, passage = line.partition(":")
        found.append((int(number), passage))
    return found


def scan(site: Path, out: Path) -> dict:
    """Every output file searched for the withheld passages: the passages looked for, the files read, the leaks."""
    started = time.perf_counter()
    wanted, public = passages(site)
    with tempfile.TemporaryDirectory() as tmp:
        public_file = Path(tmp, "public.txt")
        public_file.write_text(public, encoding="utf-8")
        shared = {passage for _, passage in grep(wanted, public_file)}
        wanted = [passage for passage in wanted if passage not in shared]
        files = sorted(p for p in out.rglob("*") if p.is_file())
        text_file = Path(tmp, "output.txt")
        with text_file.open("w", encoding="utf-8") as lines:
            for path in files:
                lines.write(readable(path).replace("\n", " ") + "\n")
        found = grep(wanted, text_file) if wanted else []
    leaks = sorted({(str(files[number - 1].relative_to(out)), passage) for number, passage in found})
    return {
        "passages": len(wanted),
        "left_out_as_public": len(shared),
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "seconds": round(time.perf_counter() - started, 1),
        "leaks": [list(leak) for leak in leaks[:20]],
        "leak_count": len(leaks),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Scan a built benchmark corpus for withheld passages.")
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    report = scan(args.site, args.out)
    print(
        f"{report['files']:,} files ({report['bytes'] / 1e9:.2f} GB) searched for {report['passages']:,} withheld passages "
        f"({report['left_out_as_public']} left out as also public) in {report['seconds']} s: {report['leak_count']} leaks"
    )
    for path, passage in report["leaks"]:
        print(f"  {path}: {passage}")
    return 1 if report["leak_count"] else 0


if __name__ == "__main__":
    sys.exit(main())

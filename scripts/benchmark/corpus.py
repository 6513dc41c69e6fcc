"""A seeded benchmark corpus: N bilingual articles as a diptych site, and the same articles as a Hugo site.

    python scripts/benchmark/corpus.py 1000 /tmp/corpus [--seed 1] [--hugo /tmp/corpus-hugo]

Each article has a French and an English version of ~4,000 words of pseudo-text (a `##` heading
every ~600 words, sometimes a `###`, footnotes), front matter as a journal has it, and 80 % of the
articles are paywalled, with a `<!-- paywall -->` marker after their first 2 or 3 paragraphs; one
issue per 10 articles. The same seed gives the same files, byte for byte. The Hugo form holds the
same texts, with Hugo's summary divider `<!--more-->` where diptych has its marker, and the minimal
theme of `hugo-site/` beside this file.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
HUGO_SKELETON = HERE / "hugo-site"
LANGS = ("fr", "en")
PER_ISSUE = 10
PAYWALLED = 0.8
BODY_WORDS = 4000
WORDS_PER_SECTION = 600
MARKER = "<!-- paywall -->"
HUGO_DIVIDER = "<!--more-->"


def wordlist(text: str) -> list[str]:
    """The words of a space-separated list."""
    return text.split()


# ---- word lists -----------------------------------------------------------------------------------

DETERMINERS = {
    "fr": wordlist("le la les un une ce cette ces leur son sa ses chaque"),
    "en": wordlist("the the the a this these its their each every"),
}
PREPOSITIONS = {
    "fr": wordlist("de de de dans pour sur avec entre sans vers depuis après avant selon contre"),
    "en": wordlist("of of of in for on with between without towards since after before within"),
}
CONNECTORS = {
    "fr": [", et", ", mais", ", tandis que", " ; en outre,", ", car", ", si bien que"],
    "en": [", and", ", but", ", while", "; moreover,", ", for", ", so that"],
}
NOUNS = {
    "fr": wordlist(
        "alliance armée frontière sécurité défense stratégie doctrine puissance État régime territoire coopération "
        "souveraineté dissuasion menace crise conflit guerre paix traité négociation diplomatie économie énergie gazoduc "
        "influence voisinage intégration élite opinion président gouvernement ministère parlement réforme modernisation "
        "équipement industrie budget dépense garnison base manœuvre exercice flotte marine aviation renseignement "
        "frontière région périphérie capitale pouvoir légitimité mémoire identité nation société génération héritage "
        "empire période décennie siècle rupture continuité tension rivalité équilibre hégémonie dépendance autonomie "
        "allégeance loyauté sanction embargo échange accord sommet discours rhétorique presse archive témoignage "
        "historiographie hypothèse méthode enquête données évolution tendance perspective"
    ),
    "en": wordlist(
        "alliance army border security defence strategy doctrine power state regime territory cooperation "
        "sovereignty deterrence threat crisis conflict war peace treaty negotiation diplomacy economy energy pipeline "
        "influence neighbourhood integration elite opinion president government ministry parliament reform modernisation "
        "equipment industry budget spending garrison base manoeuvre exercise fleet navy aviation intelligence "
        "frontier region periphery capital authority legitimacy memory identity nation society generation legacy "
        "empire period decade century rupture continuity tension rivalry balance hegemony dependence autonomy "
        "allegiance loyalty sanction embargo exchange agreement summit discourse rhetoric press archive testimony "
        "historiography hypothesis method inquiry data evolution trend perspective"
    ),
}
ADJECTIVES = {
    "fr": wordlist(
        "militaire stratégique politique économique régional occidental oriental soviétique européen national "
        "international bilatéral multilatéral géopolitique asymétrique coûteux fragile durable récent ancien nouveau "
        "décisif limité modeste considérable ambigu réticent dévoué loyal volatile tactique opérationnel défensif "
        "offensif nucléaire conventionnel maritime terrestre aérien intérieur extérieur public privé officiel "
        "informel symbolique réel apparent précaire"
    ),
    "en": wordlist(
        "military strategic political economic regional western eastern soviet european national "
        "international bilateral multilateral geopolitical asymmetric costly fragile lasting recent former new "
        "decisive limited modest considerable ambiguous reluctant devoted loyal volatile tactical operational defensive "
        "offensive nuclear conventional maritime land aerial domestic foreign public private official "
        "informal symbolic real apparent precarious"
    ),
}
VERBS = {
    "fr": wordlist(
        "renforce affaiblit garantit menace soutient finance modernise négocie refuse accepte redoute souhaite "
        "escompte entretient consolide révèle souligne confirme nuance contredit explique illustre démontre traduit "
        "reflète prolonge interrompt transforme limite favorise encourage dissuade protège revendique monnaye"
    ),
    "en": wordlist(
        "strengthens weakens guarantees threatens supports funds modernises negotiates refuses accepts fears wants "
        "expects maintains consolidates reveals stresses confirms qualifies contradicts explains illustrates shows reflects "
        "extends interrupts transforms limits favours encourages deters protects claims trades"
    ),
}
FIRST_NAMES = wordlist(
    "Claire Léa Élodie Hélène Joël Anaïs Zoé Chloé Inès Noémie Jérôme Loïc Gaëlle Benoît Amélie Sébastien Françoise "
    "Thomas Marie Jean Anna Paul Sofia Lukas Mateo Olga Ivan Aliaksandr Katarzyna Jiří Søren Núria Ayşe Björn Zoltán "
    "Miguel Sarah David Laura Daniel Emma Marta Pierre Camille Nicolas Julie Hugo Louise Antoine Manon"
)
LAST_NAMES = wordlist(
    "Delmas Fontanel Müller Núñez Łukasik Dvořák Østergaard Çelik Lefèvre Gérard Rousseau Bérenger Mercier Garnier "
    "Faure André Chevalier Leroy Moreau Girard Bonnet Dupont Lambert Fournier Morel Girardot Petrenko Ivanova "
    "Kowalski Novák Schneider Weber Rossi Bianchi García López Martín Smith Jones Taylor Brown Wilson Evans "
    "Hoffmann Jansen Virtanen Nieminen Popescu Horváth Nowak Sokolova Kuznetsov Ortega Castillo Vázquez"
)
INSTITUTIONS = (
    "Institut fictif d’études stratégiques",
    "Université de Port-Brume",
    "Centre d’études sur la sécurité européenne",
    "Université de Valmer",
    "École des hautes études internationales",
    "Observatoire des frontières orientales",
    "University of Northmere",
    "Institute for Regional Security",
    "Ostrande Defence College",
    "Centre for Eastern European Studies",
    "Université Laval-Fictive",
    "Laboratoire d’histoire militaire",
    "Fundación de Estudios Estratégicos",
    "Institut für Sicherheitspolitik",
    "Académie navale de l’Archipel",
)
CITIES = wordlist("Paris Lyon Bruxelles Genève Montréal London Oxford Cambridge Berlin Madrid Warszawa Praha")
SECTIONS = (
    {"fr": "Dossier", "en": "Special feature"},
    {"fr": "Articles", "en": "Articles"},
    {"fr": "Varia", "en": "Miscellany"},
    {"fr": "Notes de recherche", "en": "Research notes"},
)
SITE_YAML = """\
title: {fr: "Revue d'études stratégiques (banc d'essai)", en: "Journal of Strategic Studies (benchmark)"}
description:
  fr: "Un corpus généré pour mesurer la vitesse de diptych."
  en: "A generated corpus to measure diptych's speed."
base_url: https://revue.example.org
languages: [fr, en]
publisher: Éditions Exemple
issn: "2049-3630"
eissn: "1234-5679"
paywall:
  access: paywalled
  teaser_paragraphs: 3
  purchase_url: "https://shop.example.org/{doi}"
  access_url: "https://acces.revue.example.org/"
per_page: 10
"""


# ---- the shared vocabulary of a corpus ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Pools drawn once per seed, from which every article picks: sentences, headings, people, keywords."""

    sentences: dict[str, list[str]]
    headings: dict[str, list[str]]
    notes: dict[str, list[str]]
    authors: list[dict[str, str]]
    keywords: list[dict[str, str]]
    sentence_words: float  # the mean length of a sentence, to size bodies


def noun_phrase(rng: random.Random, lang: str) -> list[str]:
    """A determiner, a noun, sometimes an adjective, sometimes a complement."""
    words = [rng.choice(DETERMINERS[lang])]
    noun, adjective = rng.choice(NOUNS[lang]), rng.choice(ADJECTIVES[lang])
    roll = rng.random()
    if roll < 0.05:
        noun = f"*{noun}*"
    elif roll < 0.08:
        noun = f"« {noun} »" if lang == "fr" else f"“{noun}”"
    if rng.random() < 0.5:
        words += [noun, adjective] if lang == "fr" else [adjective, noun]
    else:
        words.append(noun)
    if rng.random() < 0.35:
        words += [rng.choice(PREPOSITIONS[lang]), rng.choice(DETERMINERS[lang]), rng.choice(NOUNS[lang])]
    return words


def clause(rng: random.Random, lang: str) -> list[str]:
    """Subject, verb, object, and now and then a year."""
    words = [*noun_phrase(rng, lang), rng.choice(VERBS[lang]), *noun_phrase(rng, lang)]
    if rng.random() < 0.1:
        words += ["en" if lang == "fr" else "in", str(rng.randint(1900, 2020))]
    return words


def sentence(rng: random.Random, lang: str) -> str:
    """One sentence of one to three clauses."""
    words = clause(rng, lang)
    for _ in range(rng.choice((0, 1, 1, 2))):
        words[-1] += rng.choice(CONNECTORS[lang])
        words += clause(rng, lang)
    text = " ".join(words) + "."
    return text[0].upper() + text[1:]


def heading(rng: random.Random, lang: str) -> str:
    """A section title: a noun phrase of two to six words."""
    text = " ".join(noun_phrase(rng, lang))
    return text[0].upper() + text[1:]


def note(rng: random.Random, lang: str) -> str:
    """A footnote: a reference to a fictional book, as the language's notes write it."""
    author = f"{rng.choice(FIRST_NAMES)[0]}. {rng.choice(LAST_NAMES)}"
    title = f"{rng.choice(NOUNS[lang])} {rng.choice(ADJECTIVES[lang])}".capitalize()
    city, year, page = rng.choice(CITIES), rng.randint(1950, 2020), rng.randint(3, 480)
    if lang == "fr":
        return f"{rng.choice(['Voir', 'Cf.', 'Sur ce point, voir'])} {author}, *{title}*, {city}, {year}, p. {page}."
    return f"{rng.choice(['See', 'Cf.', 'On this point, see'])} {author}, *{title}* ({city}, {year}), p. {page}."


def orcid(rng: random.Random) -> str:
    """A well-formed ORCID iD, check digit included (ISO 7064 11,2)."""
    digits = [rng.randrange(10) for _ in range(15)]
    total = 0
    for digit in digits:
        total = (total + digit) * 2
    check = (12 - total % 11) % 11
    text = "".join(map(str, digits)) + ("X" if check == 10 else str(check))
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def people(rng: random.Random, count: int) -> list[dict[str, str]]:
    """Distinct authors with an affiliation, 40 % of them with an ORCID."""
    names: dict[str, dict[str, str]] = {}
    while len(names) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        pairs = len(FIRST_NAMES) * len(LAST_NAMES)
        if len(names) >= pairs // 2:
            name += f" {chr(65 + len(names) % 26)}."  # more authors than pairs of names: middle initials
        if len(names) >= pairs * 13:  # more than one initial can tell apart (N = 100,000): a second one
            name += f" {chr(65 + len(names) // 26 % 26)}."
        person = {"name": name, "affiliation": rng.choice(INSTITUTIONS)}
        if rng.random() < 0.4:
            person["orcid"] = orcid(rng)
        names.setdefault(name, person)
    return list(names.values())


def keyword_pairs(rng: random.Random, count: int) -> list[dict[str, str]]:
    """Keywords as French and English pairs (adjective and noun at the same position are translations)."""
    pairs, seen = [], set()
    while len(pairs) < count:
        n, a = rng.randrange(len(NOUNS["fr"])), rng.randrange(len(ADJECTIVES["fr"]))
        if (n, a) not in seen:
            seen.add((n, a))
            pairs.append({"fr": f"{NOUNS['fr'][n]} {ADJECTIVES['fr'][a]}", "en": f"{ADJECTIVES['en'][a]} {NOUNS['en'][n]}"})
    return pairs


def vocabulary(seed: int, n: int) -> Vocabulary:
    """Everything articles draw from, the same for the same seed and size."""
    rng = random.Random(f"vocabulary-{seed}")
    sentences, headings, notes = {}, {}, {}
    for lang in LANGS:
        sentences[lang] = [sentence(rng, lang) for _ in range(6000)]
        headings[lang] = [heading(rng, lang) for _ in range(1500)]
        notes[lang] = [note(rng, lang) for _ in range(1500)]
    authors = people(rng, max(60, n))
    keywords = keyword_pairs(rng, min(300 + n // 5, len(NOUNS["fr"]) * len(ADJECTIVES["fr"])))
    pooled = sentences["fr"] + sentences["en"]
    sentence_words = sum(text.count(" ") + 1 for text in pooled) / len(pooled)
    return Vocabulary(sentences, headings, notes, authors, keywords, sentence_words)


# ---- one article --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Article:
    """One article: shared fields, and per language its title, abstract and body (a list of Markdown blocks)."""

    key: str
    shared: dict
    titles: dict[str, str]
    subtitles: dict[str, str]
    slugs: dict[str, str]
    abstracts: dict[str, str]
    keywords: dict[str, list[str]]
    blocks: dict[str, list[str]]
    paywalled: bool


def slugify(text: str, suffix: str) -> str:
    """An ASCII URL segment from a title, with a suffix that makes it unique."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in ascii_text).split()
    return "-".join([*words[:7], suffix])


def title(rng: random.Random, lang: str, vocab: Vocabulary) -> str:
    """A title, sometimes in two parts around a colon (spaced in French)."""
    text = rng.choice(vocab.headings[lang])
    if rng.random() < 0.5:
        text += (" : " if lang == "fr" else ": ") + rng.choice(vocab.headings[lang]).lower()
    return text


def abstract(rng: random.Random, lang: str, vocab: Vocabulary) -> str:
    """An abstract of 150 to 250 words."""
    goal, sentences, words = rng.randint(150, 250), [], 0
    while words < goal:
        sentences.append(rng.choice(vocab.sentences[lang]))
        words += sentences[-1].count(" ") + 1
    return " ".join(sentences)


def structure(rng: random.Random, paywalled: bool, sentence_words: float) -> list[tuple]:
    """The article's shape, shared by its versions: ("p", sentences, note) / ("h", level) / ("marker",) blocks."""
    blocks: list[tuple] = []
    words, since_heading, notes, level = 0, 0, 0, 3  # 3: the first heading is always a ##
    intro = rng.randint(4, 6)
    teaser = rng.choice((2, 3))
    paragraph_count = 0
    while words < BODY_WORDS:
        if paragraph_count >= intro and since_heading >= WORDS_PER_SECTION:
            level = 3 if level == 2 and rng.random() < 0.3 else 2
            blocks.append(("h", level))
            since_heading = 0
        size = rng.randint(3, 8)
        has_note = rng.random() < 0.3
        notes += has_note
        blocks.append(("p", size, notes if has_note else 0))
        paragraph_count += 1
        words += size * sentence_words
        since_heading += size * sentence_words
        if paywalled and paragraph_count == teaser:
            blocks.append(("marker",))
    return blocks


def body(rng: random.Random, lang: str, vocab: Vocabulary, shape: list[tuple]) -> list[str]:
    """The Markdown blocks of one version, footnote definitions last."""
    out, notes = [], []
    for block in shape:
        if block[0] == "h":
            out.append("#" * block[1] + " " + rng.choice(vocab.headings[lang]))
        elif block[0] == "marker":
            out.append(MARKER)
        else:
            text = " ".join(rng.choices(vocab.sentences[lang], k=block[1]))
            if block[2]:
                text = f"{text[:-1]}[^{block[2]}]."
                notes.append(f"[^{block[2]}]: {rng.choice(vocab.notes[lang])}")
            out.append(text)
    return out + notes


def article(seed: int, index: int, vocab: Vocabulary, issues: list[dict]) -> Article:
    """Article number `index` (from 0) of a corpus of `n`; the same seed, the same article."""
    rng = random.Random(f"article-{seed}-{index}")
    key = f"article-{index + 1:05d}"
    issue = issues[index // PER_ISSUE]
    paywalled = rng.random() < PAYWALLED
    order = index % PER_ISSUE + 1
    first_page = 1 + (order - 1) * 24
    authors = rng.sample(vocab.authors, rng.choices((1, 2, 3, 4), weights=(45, 30, 15, 10))[0])
    shared = {
        "authors": authors,
        "date": (issue["date"] + timedelta(days=rng.randint(0, 20))).isoformat(),
        "issue": issue["id"],
        "pages": f"{first_page}-{first_page + rng.randint(14, 22)}",
        "doi": f"10.99999/bench.{issue['volume']}.{index + 1:05d}",
        "license": "CC-BY-NC-ND-4.0" if paywalled else "CC-BY-4.0",
        "section": rng.choice(SECTIONS),
        "order": order,
        "access": "paywalled" if paywalled else "free",
    }
    keywords = rng.sample(vocab.keywords, rng.randint(3, 6))
    has_subtitle = rng.random() < 0.25
    shape = structure(rng, paywalled, vocab.sentence_words)
    titles, subtitles, slugs, abstracts, terms, blocks = {}, {}, {}, {}, {}, {}
    for lang in LANGS:
        titles[lang] = title(rng, lang, vocab)
        if has_subtitle:
            subtitles[lang] = rng.choice(vocab.headings[lang])
        slugs[lang] = slugify(titles[lang], str(index + 1))
        abstracts[lang] = abstract(rng, lang, vocab)
        terms[lang] = [pair[lang] for pair in keywords]
        blocks[lang] = body(rng, lang, vocab, shape)
    return Article(key, shared, titles, subtitles, slugs, abstracts, terms, blocks, paywalled)


def issue_list(seed: int, n: int) -> list[dict]:
    """One issue per 10 articles, spread from 1990 to 2025, six in three with a theme."""
    rng = random.Random(f"issues-{seed}")
    count = max(1, -(-n // PER_ISSUE))
    start, span = date(1990, 1, 1), (date(2025, 12, 1) - date(1990, 1, 1)).days
    issues, numbers = [], {}
    for i in range(count):
        day = start + timedelta(days=span * i // count)
        numbers[day.year] = numbers.get(day.year, 0) + 1
        issue = {"id": f"{day.year}-{numbers[day.year]}", "volume": day.year - 1989, "number": numbers[day.year], "date": day}
        if rng.random() < 0.6:
            issue["title"] = {lang: theme.capitalize() for lang, theme in keyword_pairs(rng, 1)[0].items()}
        issues.append(issue)
    return issues


# ---- writing: diptych ---------------------------------------------------------------------------


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def yaml_authors(authors: list[dict[str, str]], key: str = "authors", indent: str = "") -> list[str]:
    """The authors as a YAML list of mappings."""
    lines = [f"{indent}{key}:"]
    for person in authors:
        lines.append(f"{indent}  - name: {q(person['name'])}")
        lines.append(f"{indent}    affiliation: {q(person['affiliation'])}")
        if "orcid" in person:
            lines.append(f"{indent}    orcid: {q(person['orcid'])}")
    return lines


def diptych_version(item: Article, lang: str) -> str:
    """The text of KEY.LANG.md: front matter (shared fields repeated in each version), then the body."""
    shared = item.shared
    lines = ["---", f"title: {q(item.titles[lang])}"]
    if lang in item.subtitles:
        lines.append(f"subtitle: {q(item.subtitles[lang])}")
    lines += [
        "abstract: >-",
        f"  {item.abstracts[lang]}",
        "keywords: [" + ", ".join(q(k) for k in item.keywords[lang]) + "]",
        f"slug: {item.slugs[lang]}",
        *yaml_authors(shared["authors"]),
        f"date: {shared['date']}",
        f"issue: {q(shared['issue'])}",
        f"pages: {q(shared['pages'])}",
        f"doi: {shared['doi']}",
        f"license: {shared['license']}",
        f"section: {{fr: {q(shared['section']['fr'])}, en: {q(shared['section']['en'])}}}",
        f"order: {shared['order']}",
        f"access: {shared['access']}",
        "---",
        "",
    ]
    return "\n".join(lines) + "\n\n".join(item.blocks[lang]) + "\n"


def diptych_issue(issue: dict) -> str:
    """The text of content/issues/ID.yaml."""
    lines = [f"volume: {issue['volume']}", f"number: {issue['number']}", f"date: {issue['date'].isoformat()}"]
    if "title" in issue:
        lines.append(f"title: {{fr: {q(issue['title']['fr'])}, en: {q(issue['title']['en'])}}}")
    return "\n".join(lines) + "\n"


def start_diptych(root: Path, issues: list[dict]) -> Path:
    """Write site.yaml and the issues; return the articles' folder."""
    (root / "content" / "issues").mkdir(parents=True, exist_ok=True)
    (root / "content" / "articles").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for issue in issues:
        (root / "content" / "issues" / f"{issue['id']}.yaml").write_text(diptych_issue(issue), encoding="utf-8")
    return root / "content" / "articles"


# ---- writing: Hugo ------------------------------------------------------------------------------


def hugo_version(item: Article, lang: str) -> str:
    """The text of a Hugo content file: taxonomies at the top level, everything else in params."""
    other = next(other for other in LANGS if other != lang)
    shared = item.shared
    lines = [
        "---",
        f"title: {q(item.titles[lang])}",
        f"slug: {item.slugs[lang]}",
        f"date: {shared['date']}",
        f"weight: {shared['order']}",
        "authors: [" + ", ".join(q(a["name"]) for a in shared["authors"]) + "]",
        "keywords: [" + ", ".join(q(k) for k in item.keywords[lang]) + "]",
        f"issues: [{q(shared['issue'])}]",
        "params:",
        f"  other_title: {q(item.titles[other])}",
        f"  abstract: {q(item.abstracts[lang])}",
        f"  other_abstract: {q(item.abstracts[other])}",
    ]
    if lang in item.subtitles:
        lines.append(f"  subtitle: {q(item.subtitles[lang])}")
    lines += [
        *yaml_authors(shared["authors"], "contributors", "  "),
        f"  pages: {q(shared['pages'])}",
        f"  doi: {q(shared['doi'])}",
        f"  license: {shared['license']}",
        f"  rubric: {q(shared['section'][lang])}",
        f"  access: {shared['access']}",
        "---",
        "",
    ]
    blocks = [HUGO_DIVIDER if block == MARKER else block for block in item.blocks[lang]]
    return "\n".join(lines) + "\n\n".join(blocks) + "\n"


HUGO_LISTS = {
    "articles": {"fr": "Articles", "en": "Articles"},
    "issues": {"fr": "Numéros", "en": "Issues"},
    "authors": {"fr": "Auteurs", "en": "Authors"},
    "keywords": {"fr": "Mots-clés", "en": "Keywords"},
}


def hugo_issue(issue: dict, lang: str) -> str:
    """The _index.LANG.md of an issue's term page: its label as diptych writes it, its theme, its date."""
    label = f"Vol. {issue['volume']}, n° {issue['number']} ({issue['date'].year})"
    if lang == "en":
        label = label.replace("n°", "no.")
    if "title" in issue:
        label += (" : " if lang == "fr" else ": ") + issue["title"][lang]
    return f"---\ntitle: {q(label)}\ndate: {issue['date'].isoformat()}\n---\n"


def start_hugo(root: Path, issues: list[dict]) -> Path:
    """Copy the minimal Hugo site (config and layouts), write the lists' and issues' titles; return the articles' folder."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(HUGO_SKELETON, root, dirs_exist_ok=True)
    content = root / "content"
    for section, titles in HUGO_LISTS.items():
        (content / section).mkdir(parents=True, exist_ok=True)
        for lang in LANGS:
            (content / section / f"_index.{lang}.md").write_text(f"---\ntitle: {q(titles[lang])}\n---\n", encoding="utf-8")
    for issue in issues:
        (content / "issues" / issue["id"]).mkdir(exist_ok=True)
        for lang in LANGS:
            (content / "issues" / issue["id"] / f"_index.{lang}.md").write_text(hugo_issue(issue, lang), encoding="utf-8")
    return content / "articles"


# ---- the whole corpus ---------------------------------------------------------------------------


def generate(n: int, root: Path | None, seed: int = 1, hugo_root: Path | None = None) -> dict:
    """Write the corpus as a diptych site in `root` and/or a Hugo site in `hugo_root`; return its counts."""
    vocab = vocabulary(seed, n)
    issues = issue_list(seed, n)
    diptych_dir = start_diptych(root, issues) if root else None
    hugo_dir = start_hugo(hugo_root, issues) if hugo_root else None
    counts = {"articles": n, "issues": len(issues), "paywalled": 0, "words": 0}
    for index in range(n):
        item = article(seed, index, vocab, issues)
        counts["paywalled"] += item.paywalled
        for lang in LANGS:
            counts["words"] += sum(block.count(" ") + 1 for block in item.blocks[lang])
            if diptych_dir:
                (diptych_dir / f"{item.key}.{lang}.md").write_text(diptych_version(item, lang), encoding="utf-8")
            if hugo_dir:
                (hugo_dir / f"{item.key}.{lang}.md").write_text(hugo_version(item, lang), encoding="utf-8")
    return counts


def main(argv: list[str] | None = None) -> int:
    """The command line: N DIR [--seed S] [--hugo DIR2]."""
    parser = argparse.ArgumentParser(description="Generate a seeded bilingual corpus for diptych (and Hugo).")
    parser.add_argument("n", type=int, help="the number of articles (each in French and English)")
    parser.add_argument("dir", type=Path, help="where to write the diptych site")
    parser.add_argument("--seed", type=int, default=1, help="the seed: the same seed, the same corpus (default: 1)")
    parser.add_argument("--hugo", type=Path, metavar="DIR2", help="also write the same corpus as a Hugo site there")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.n, args.dir, args.seed, args.hugo)
    print(
        f"{counts['articles']} articles ({counts['paywalled']} paywalled), {counts['issues']} issues, "
        f"{counts['words']:,} body words, in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

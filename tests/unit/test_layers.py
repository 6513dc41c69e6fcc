"""The package's layout, read from its source: which module may import which, read or write files, and how long it is.

The build is load → plan → render → write (docs/architecture.md). Each module of `diptych/` belongs to one layer
below; a module imports only from its own layer or lower ones, never from the package root (`__init__.py` is the
package's face for its users), with no import cycle (a dynamic import of diptych's modules counted). Only the
read side reads the site's files, only the write side writes any file or runs a program (which may write anything);
a module's aliases (`import shutil as sh`, `from os import replace`) are seen through. No module is over 400 lines
(the guide is ~300) and none keeps state in a `global`.

A new module must be given its layer here (and in docs/architecture.md's map): the test fails until it is.
`KNOWN` lists what does not hold yet, each with why; a fault fixed must leave the list, which must end empty.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "diptych"

# the layers, lowest first; a module imports from its own layer and those before it
LAYERS: dict[str, tuple[str, ...]] = {
    # values and pure functions every stage shares: problems, models, settings, URLs, text helpers
    "base": (
        "errors",
        "version",
        "edition",
        "fields",
        "source",
        "config",
        "models",
        "outline",
        "figures",
        "typography",
        "urls",
        "parallel",
        "hashing",
    ),
    # text: Markdown, the paywall's split, citations, Babel's formatting
    "text": ("markup", "paywall", "cite", "i18n"),
    # the read side: the site folder (content/, the theme's templates, static files and catalogs) into models
    "read": ("load", "theme"),
    # public projections of the models: what templates, head tags and exports may know
    "views": ("views", "metadata", "jats", "crossref"),
    # every page planned before any is rendered
    "plan": ("plan",),
    # pages into bytes, and the files about the whole site
    "render": ("render", "feeds", "sitemap"),
    # the write side: the staging folder and its swap, the cache, the stamp, the search index made from the pages
    "write": ("write", "cache", "stamp", "search"),
    # the flow: prepare (load and plan), produce (render and write), serve's edit-first pages, the pipeline, the
    # workers, the report
    "flow": ("report", "prepare", "pool", "produce", "first", "pipeline"),
    # the commands a publisher runs
    "commands": ("cli", "summary", "check", "serve", "preview", "starter", "jats_import", "__main__"),
    # the package's face (__init__.py): re-exports for its users, above everything
    "face": ("",),
}
# source reads a front matter file with its positions: the read side's reader, below config and fields that use it
READERS = {
    "source",
    "load",
    "theme",
    "write",
    "cache",
    "stamp",
    "search",
    "check",
    "serve",
    "preview",
    "starter",
    "jats_import",
}
WRITERS = {"write", "cache", "stamp", "search"}
# reads of a library's own data, not of the site: not what the rule is for, so allowed by name
LIBRARY_DATA = {
    ("cite.csl", "os.listdir"): "the CSL locales citeproc-py ships (which of them it has)",
    ("cite.csl", "etree.parse"): "the CSL style citeproc-py ships",
}
MOST_LINES = 400

# what does not hold yet: (rule, module, detail) -> why; emptied by issue 15, to stay empty
KNOWN: dict[tuple[str, str, str], str] = {}


@dataclass(frozen=True)
class Module:
    name: str  # dotted, under diptych: "load", "jats.front"
    path: Path
    tree: ast.Module

    @property
    def top(self) -> str:
        """The name under diptych/ that gives the module its layer: a folder's parts share the folder's."""
        return self.name.split(".")[0]


def modules() -> list[Module]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if "_theme" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] in ("__init__",) else parts)
        found.append(Module(name, path, ast.parse(path.read_text(encoding="utf-8"), str(path))))
    return found


def layer_of(top: str) -> int | None:
    return next((n for n, names in enumerate(LAYERS.values()) if top in names), None)


def imports(module: Module, names: set[str]) -> Iterator[tuple[str, int]]:
    """The package's modules this one imports (dotted names, "" for the package root), with their lines."""
    package = module.name.split(".") if module.path.name == "__init__.py" else module.name.split(".")[:-1]
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module and (node.module == "diptych" or node.module.startswith("diptych.")):
                    base = node.module.split(".")[1:]
                else:
                    continue
            else:
                base = package[: len(package) - node.level + 1] + (node.module.split(".") if node.module else [])
            prefix = ".".join(base)
            for alias in node.names:
                whole = f"{prefix}.{alias.name}" if prefix else alias.name
                yield (whole if whole in names else prefix), node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "diptych" or alias.name.startswith("diptych."):
                    yield ".".join(alias.name.split(".")[1:]), node.lineno
        elif isinstance(node, ast.Call) and _dynamic_import(node):  # importlib.import_module("diptych.x"), __import__
            named = node.args[0].value  # type: ignore[attr-defined]
            if named == "diptych" or named.startswith("diptych."):
                dotted = named.split(".")[1:]
                yield (
                    next((".".join(dotted[:n]) for n in range(len(dotted), 0, -1) if ".".join(dotted[:n]) in names), ""),
                    node.lineno,
                )


def _dynamic_import(call: ast.Call) -> bool:
    func = call.func
    named = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    literal = bool(call.args) and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)
    return named in ("import_module", "__import__") and literal


WRITE_CALLS = {"write_bytes", "write_text", "mkdir", "unlink", "rmdir", "rename", "touch", "chmod", "symlink_to", "hardlink_to"}
WRITE_FUNCTIONS = {
    *(("os", name) for name in ("replace", "rename", "renames", "link", "symlink", "remove", "unlink", "mkdir")),
    *(("os", name) for name in ("makedirs", "open", "fdopen", "rmdir", "removedirs", "write", "truncate", "utime")),
    *(("os", name) for name in ("chmod", "chown")),
    *(("tempfile", name) for name in ("mkdtemp", "mkstemp", "NamedTemporaryFile", "TemporaryDirectory")),
}
WRITE_MODULES = {"shutil"}  # every function of theirs moves, copies or removes files
RUN_MODULES = {"subprocess"}  # a program run may write anything: the write side's only
RUN_FUNCTIONS = {("os", "system"), ("os", "popen"), *(("os", f"exec{v}") for v in ("l", "le", "lp", "v", "ve", "vp"))}
READ_CALLS = {"read_bytes", "read_text", "iterdir", "glob", "rglob"}
READ_FUNCTIONS = {("os", "scandir"), ("os", "listdir"), ("os", "walk"), ("os", "read"), ("etree", "parse")}
OPENERS = {"io", "gzip", "bz2", "lzma", "codecs", "Path", "builtins"}  # X.open(path, mode): the mode second
CLASSES_WITH_OPEN = {"Cache"}  # diptych's own classes whose open() is a constructor, not a file's


def _aliases(module: Module) -> dict[str, tuple[str, str | None]]:
    """Each name a module binds to another module or to one of its functions: `import shutil as sh` -> sh:
    (shutil, None); `from os import replace` -> replace: (os, replace)."""
    bound: dict[str, tuple[str, str | None]] = {}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound[alias.asname or alias.name.split(".")[0]] = (alias.name if alias.asname else alias.name.split(".")[0], None)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                bound[alias.asname or alias.name] = (node.module.split(".")[-1], alias.name)
        elif isinstance(node, ast.ImportFrom):  # diptych's own: a reader's function is the layer rules' concern
            for alias in node.names:
                bound[alias.asname or alias.name] = ("diptych", alias.name)
    return bound


def _mode(call: ast.Call, at: int) -> str:
    """An open() call's mode ('r' when not given), its `at`-th argument or `mode=`."""
    given = call.args[at] if len(call.args) > at else next((k.value for k in call.keywords if k.arg == "mode"), None)
    if given is None:
        return "r"
    return given.value if isinstance(given, ast.Constant) and isinstance(given.value, str) else "?"


def _target(func: ast.expr, bound: dict[str, tuple[str, str | None]]) -> tuple[str | None, str]:
    """(the module a call's function comes from, or None for a method of a value; the function's name)."""
    if isinstance(func, ast.Name):
        module, name = bound.get(func.id, (None, None))
        return (module, name) if name is not None else (None, func.id)
    if isinstance(func, ast.Attribute):
        if isinstance(func.value, ast.Name):
            module, name = bound.get(func.value.id, (None, None))
            if module is not None:
                return (name or module), func.attr  # sh.copy -> shutil.copy; `from lxml import etree`: etree.parse
            return (func.value.id if func.value.id in OPENERS | CLASSES_WITH_OPEN else None), func.attr
        return None, func.attr
    return None, ""


def file_calls(module: Module) -> Iterator[tuple[str, str, int]]:
    """("read" | "write" | "run", what, line) for each call that reads or writes a file, or runs a program."""
    bound = _aliases(module)
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.Call):
            continue
        owner, name = _target(node.func, bound)
        what = f"{owner}.{name}" if owner else name
        if name == "open" and owner not in ("os", *CLASSES_WITH_OPEN):  # os.open: a write function below
            mode = _mode(node, 1 if owner in OPENERS or isinstance(node.func, ast.Name) else 0)
            yield ("write" if set(mode) & set("wax+?") else "read"), what, node.lineno
        elif (owner, name) in WRITE_FUNCTIONS or owner in WRITE_MODULES:
            yield "write", what, node.lineno
        elif owner in RUN_MODULES or (owner, name) in RUN_FUNCTIONS:
            yield "run", what, node.lineno
        elif (owner, name) in READ_FUNCTIONS:
            yield "read", what, node.lineno
        elif owner is None and name in WRITE_CALLS:
            yield "write", name, node.lineno
        elif owner is None and name in READ_CALLS:
            yield "read", name, node.lineno


def face_definitions(tree: ast.Module) -> list[str]:
    """What an `__init__.py` holds but imports, its docstring and `__all__`: a function, a class, a value."""
    defined = []
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else []
        if [getattr(t, "id", None) for t in targets] == ["__all__"]:
            continue
        defined.append(getattr(node, "name", None) or ast.unparse(node).split("\n")[0][:40])
    return defined


def faults() -> dict[tuple[str, str, str], str]:
    """Every rule broken today: (rule, module, detail) -> where."""
    found: dict[tuple[str, str, str], str] = {}
    mods = modules()
    names = {m.name for m in mods}
    graph: dict[str, set[str]] = {m.name: set() for m in mods}
    for module in mods:
        where = module.path.relative_to(PACKAGE.parent).as_posix()
        mine = layer_of(module.top)
        if mine is None:
            found["no layer", module.name, ""] = f"{where}: give it a layer in tests/unit/test_layers.py"
        for target, line in imports(module, names):
            if target == "":
                if module.name != "":  # the root itself re-exports; nothing else may import from it
                    found["imports the package root", module.name, ""] = f"{where}:{line}"
                continue
            graph[module.name].add(target)
            theirs = layer_of(target.split(".")[0])
            if target.split(".")[0] != module.top and mine is not None and theirs is not None and theirs > mine:
                found["imports upward", module.name, target] = f"{where}:{line}"
        for kind, what, line in file_calls(module):
            allowed = READERS | WRITERS if kind == "read" else WRITERS
            if module.top not in allowed and (module.name, what) not in LIBRARY_DATA:
                found["runs programs" if kind == "run" else f"{kind}s files", module.name, what] = f"{where}:{line}"
        lines = len(module.path.read_text(encoding="utf-8").splitlines())
        if lines > MOST_LINES:
            found["over 400 lines", module.name, ""] = f"{where}: {lines} lines"
        if module.path.name == "__init__.py" and (defined := face_definitions(module.tree)):
            found["a face defines", module.name, ", ".join(defined)] = f"{where}: a face only re-exports"
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Global):
                found["global statement", module.name, ", ".join(node.names)] = f"{where}:{node.lineno}"
    for cycle in cycles(graph):
        found["import cycle", cycle[0], " → ".join(cycle)] = "a module reaches itself through its imports"
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules (Tarjan's algorithm), each from its smallest name."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in graph:
                continue
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_every_module_keeps_the_layer_rules() -> None:
    found = faults()
    new = {key: where for key, where in found.items() if key not in KNOWN}
    assert not new, "the layer rules are broken (see this file's docstring):\n" + "\n".join(
        f"  {where}: {rule} {detail}".rstrip() for (rule, _, detail), where in sorted(new.items())
    )


def test_the_known_faults_are_still_faults() -> None:
    """A fault fixed leaves KNOWN, so that the list only shrinks and says what is true."""
    fixed = sorted(set(KNOWN) - set(faults()))
    assert not fixed, f"fixed, to remove from KNOWN: {fixed}"


def test_the_layer_map_names_only_real_modules() -> None:
    tops = {m.top for m in modules()}
    named = {name for names in LAYERS.values() for name in names}
    planned: set[str] = set()  # modules planned by a step not yet done, harmless until they exist
    assert not named - tops - planned, f"LAYERS names modules that do not exist: {sorted(named - tops - planned)}"


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("from . import build\n", "imports the package root"),
        ("from .pipeline import build\n", "imports upward"),
        ("import os\nos.replace('a', 'b')\n", "writes files"),
        ("from pathlib import Path\nPath('x').read_text()\n", "reads files"),
        ("x = 0\ndef f():\n    global x\n", "global statement"),
        ("x = 1\n" * 401, "over 400 lines"),
        ("import shutil as sh\nsh.copyfile('a', 'b')\n", "writes files"),
        ("from os import replace\nreplace('a', 'b')\n", "writes files"),
        ("import os as o\no.unlink('a')\n", "writes files"),
        ("from pathlib import Path\nPath.open(Path('a'), 'w')\n", "writes files"),
        ("import io\nio.open('import.log', 'w')\n", "writes files"),
        ("import os\nos.fdopen(3, 'w')\n", "writes files"),
        ("import subprocess\nsubprocess.run(['cp', 'a', 'b'])\n", "runs programs"),
        ("from lxml import etree\netree.parse('x.xml')\n", "reads files"),
        ("import importlib\nimportlib.import_module('diptych.pipeline')\n", "imports upward"),
    ],
)
def test_the_rules_see_a_fault(source: str, rule: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each rule finds what it is for: a module written to break it, in a copy of the layer map's world."""
    package = tmp_path / "diptych"
    package.mkdir()
    (package / "__init__.py").write_text('"""face"""\nfrom .pipeline import build\n')
    (package / "pipeline.py").write_text("def build(): ...\n")
    (package / "urls.py").write_text(source)
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", package)
    assert rule in {rule for rule, module, _ in faults() if module == "urls"}


@pytest.mark.parametrize("source", ["def helper(): ...\n", "class Hub: ...\n", "EDITIONS = ('public', 'full')\n"])
def test_the_rules_see_a_face_that_defines(source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The package root and every folder's `__init__.py` only re-export: nothing defined there (the old hub)."""
    package = tmp_path / "diptych"
    (package / "load").mkdir(parents=True)
    (package / "__init__.py").write_text('"""face"""\nfrom .load import x\n__all__ = ["x"]\n' + source)
    (package / "load" / "__init__.py").write_text('"""face"""\n\nfrom .content import x as x\n' + source)
    (package / "load" / "content.py").write_text("x = 1\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", package)
    assert {module for rule, module, _ in faults() if rule == "a face defines"} == {"", "load"}


def test_the_rules_see_a_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "diptych"
    package.mkdir()
    (package / "__init__.py").write_text('"""face"""\n')
    (package / "urls.py").write_text("from .config import x\n")
    (package / "config.py").write_text("from .urls import y\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", package)
    assert [key for key in faults() if key[0] == "import cycle"] == [("import cycle", "config", "config → urls")]


DOCS = PACKAGE.parent / "docs" / "architecture.md"
README = PACKAGE.parent / "README.md"


def _named(top: str) -> str:
    """How a map names a module: a folder with a slash, a file with .py."""
    return f"{top}/" if (PACKAGE / top).is_dir() else f"{top}.py"


@pytest.mark.parametrize("doc", [DOCS, README], ids=["architecture.md", "README"])
def test_the_maps_name_every_module(doc: Path) -> None:
    """docs/architecture.md and the README's module list stay true: each names every module of the package."""
    text = doc.read_text(encoding="utf-8")
    tops = sorted({m.top for m in modules()} - {"", "__main__"})
    missing = [_named(top) for top in tops if _named(top) not in text]
    assert not missing, f"{doc.name} does not name {missing}"


def test_the_map_names_no_module_that_is_gone() -> None:
    import re

    named = set(re.findall(r"\*\*([a-z_]+)(?:\.py|/)\*\*", DOCS.read_text(encoding="utf-8")))
    tops = {m.top for m in modules()}
    assert named and not named - tops, f"docs/architecture.md names modules that do not exist: {sorted(named - tops)}"


def test_the_maps_layers_are_the_tests() -> None:
    """The layer table of docs/architecture.md lists the modules of each layer as LAYERS does."""
    import re

    rows = re.findall(r"^\| (\w+) \| ([^|]+) \|", DOCS.read_text(encoding="utf-8"), flags=re.M)
    table = {layer: {n.strip().rstrip("/").replace("\\_", "_") for n in names.split(",")} for layer, names in rows}
    expected = {layer: set(names) for layer, names in LAYERS.items() if layer != "face"}
    assert {layer: table.get(layer) for layer in expected} == expected

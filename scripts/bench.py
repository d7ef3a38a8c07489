#!/usr/bin/env python3
"""The district-scale benchmark (issue 15): every row of the issue's table, full vs 1 %.

Generates (or reuses) two districts with scripts/district.py, named from DATABASE_URL
(``<name>_bench_district`` and ``<name>_bench_1pct``; nothing else is created or dropped),
then measures interleaved (full, 1 %, full, 1 % …):

- pages and exports in-process through Django's test client under production settings
  (aup_portal.settings_bench: DEBUG off, cached templates), with their query counts;
- the parents' signing page and sign POST as throughput against gunicorn (2 sync workers, one
  server per database), each as a ratio to a bare view behind the same middleware;
- the signed-consent PDF/A against a minimal one-page WeasyPrint render;
- issuing to the 2,500-student school (rolled back) and a district-wide campaign (ITS issues a
  fresh program to every eligible school; a worker creates the requests).

Prints one table and writes it to test-artifacts/bench.md and bench.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/aup_portal .venv/bin/python scripts/bench.py
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aup_portal.settings_bench")

import district
from bench_http import http_rows
from bench_rows import in_process_rows, use_database
from bench_table import HTTP_KEYS, ROWS, judge, table_markdown
from bench_worker import worker_row

# The answers (bench_http.py) and the worker row's emails use up the 1 % district's open
# requests (about 2,500 when generated): below this many, it is generated again.
OPEN_NEEDED = 1_700


def _open_requests(name: str) -> int:
    from django.db import connection

    from consent.models import ConsentRequest

    use_database(name)
    count = ConsentRequest.objects.filter(status="open").count()
    connection.close()  # a district generated again is dropped first
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--small", type=float, default=0.01, help="the comparison scale")
    parser.add_argument("--only", action="append", default=[], help="a row's key (repeatable)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=8.0, help="per throughput measure")
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "")
    urls = {}
    for label, scale in (("full", args.scale), ("small", args.small)):
        os.environ["DATABASE_URL"] = base_url
        urls[label] = district.prepare(scale, regenerate=args.regenerate)
    names = {label: url.rpartition("/")[2] for label, url in urls.items()}
    wanted = set(args.only) or {row.key for row in ROWS}
    if wanted & {"sign_post", "worker"} and _open_requests(names["small"]) < OPEN_NEEDED:
        print("Too few open requests left in the 1 % district: generating it again.")
        os.environ["DATABASE_URL"] = base_url
        urls["small"] = district.prepare(args.small, regenerate=True)

    results = {}
    in_process_rows(names, wanted, args.runs, results)
    if "worker" in wanted:  # on the 1 % district: each run files a few of its records
        use_database(names["small"])
        results["worker"] = worker_row(urls["small"])
    servers = {}
    try:
        if wanted & set(HTTP_KEYS):
            servers = {
                label: _gunicorn(url, 8461 + i) for i, (label, url) in enumerate(urls.items())
            }
            http_rows(names, servers, wanted, args.seconds, results)
    finally:
        for process, _port in servers.values():
            process.terminate()
            process.wait(timeout=30)
    use_database(names["full"])
    lines = table_markdown(results, wanted)
    print("\n".join(lines))
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    header = f"Benchmark of {stamp}: scale {args.scale:g} vs {args.small:g}, {args.runs} runs."
    (out / "bench.md").write_text(header + "\n\n" + "\n".join(lines) + "\n")
    (out / "bench.json").write_text(json.dumps({"date": stamp, "rows": results}, indent=2))
    failed = [key for key in results if judge(key, results[key]) is False]
    print(f"\n{header}\nWritten to test-artifacts/bench.md; goals missed: {len(failed)}.")


def _gunicorn(url: str, port: int):
    """gunicorn on ``url``'s database: 2 sync workers, the deploy config, bench settings."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "aup_portal.settings_bench",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "test-artifacts" / f"bench-gunicorn-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "deploy/gunicorn.conf.py",
            "aup_portal.wsgi",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    import urllib.request

    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2)
            return process, port
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(
        f"gunicorn did not answer on {port}; see test-artifacts/bench-gunicorn-{port}.log"
    )


if __name__ == "__main__":
    main()

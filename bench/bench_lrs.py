"""Benchmark the xAPI LRS over real HTTP: statements stored per second and filtered GETs.

Starts a real server (``mainspring serve``, gunicorn, no background worker) on a fresh
database, creates an LRS client with ``mainspring lrs create-client``, pre-loads N stored
statements, then measures over keep-alive HTTP connections:

- statements per second for POST batches of 1, 10, 100 and 1,000 statements (one client);
- single-statement POSTs from 8 concurrent clients (threads, one connection each);
- p50 and p95 latency of filtered GETs (limit=100): agent, verb, activity, registration,
  related_activities, since, and the ``more`` page of a listing.

    .venv/bin/python bench/bench_lrs.py                    # 1,000,000 statements, SQLite
    .venv/bin/python bench/bench_lrs.py --db postgres      # the same on PostgreSQL
    .venv/bin/python bench/bench_lrs.py --db both --statements 200000
    .venv/bin/python bench/bench_lrs.py --quick            # 5,000 statements, seconds

SQLite runs in a temporary MAINSPRING_HOME. PostgreSQL gets a new database (dropped at
the end) on the server named by --postgres (default postgres://postgres@127.0.0.1:5432).
Pre-loading calls the LRS's own write path in-process (``lrs.store_statements``, batches
of 5,000: validation, index rows and all) rather than HTTP, to save time. Linking
statements to progress is queued in the database per batch (the background worker is
not started), as it would be while the worker is busy. Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = ["experienced", "attempted", "progressed", "completed", "passed", "failed", "answered"]
VOIDED = ADL + "voided"
SITE = "https://lms.example.com"
LESSON = "http://adlnet.gov/expapi/activities/lesson"
PRELOAD_BATCH = 5_000
SEED = 7


@dataclass(frozen=True)
class Shape:
    """How much data and how many requests a run uses."""

    statements: int
    actors: int
    activities: int
    courses: int
    posts: dict[int, int]  # batch size -> requests
    concurrent_each: int
    gets: int


def shape_for(statements: int, *, quick: bool) -> Shape:
    if quick:
        return Shape(statements, 200, 50, 5, {1: 40, 10: 20, 100: 8, 1000: 2}, 15, 10)
    return Shape(
        statements,
        actors=max(200, min(5_000, statements // 200)),
        activities=max(50, min(500, statements // 2_000)),
        courses=20,
        posts={1: 300, 10: 200, 100: 60, 1000: 12},
        concurrent_each=100,
        gets=60,
    )


# ----------------------------------------------------------------------------- statements


class Generator:
    """Realistic statements: many actors, hundreds of activities, ADL verbs, registrations."""

    def __init__(self, shape: Shape, seed: int = SEED) -> None:
        self.shape = shape
        self.rng = random.Random(seed)
        self.recent: list[str] = []

    def actor(self, n: int) -> dict[str, Any]:
        if n % 3 == 0:
            return {
                "objectType": "Agent",
                "name": f"Learner {n}",
                "account": {"homePage": "https://lms.example.com", "name": f"u{n:06d}"},
            }
        return {"objectType": "Agent", "name": f"Learner {n}", "mbox": f"mailto:l{n}@example.com"}

    def activity_id(self, n: int) -> str:
        return f"{SITE}/courses/{n % self.shape.courses}/lessons/{n}"

    def registration(self, actor: int, activity: int) -> str:
        course = activity % self.shape.courses
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"reg/{actor}/{course}"))

    def statement(self) -> dict[str, Any]:
        rng = self.rng
        if self.recent and rng.random() < 0.005:
            target = self.recent.pop(rng.randrange(len(self.recent)))
            return self.voiding(target)
        actor, activity = rng.randrange(self.shape.actors), rng.randrange(self.shape.activities)
        verb = rng.choice(VERBS)
        sid = str(uuid.uuid4())
        data: dict[str, Any] = {
            "id": sid,
            "actor": self.actor(actor),
            "verb": {"id": ADL + verb, "display": {"en-US": verb}},
            "object": {
                "objectType": "Activity",
                "id": self.activity_id(activity),
                "definition": {"name": {"en-US": f"Lesson {activity}"}, "type": LESSON},
            },
            "context": {
                "registration": self.registration(actor, activity),
                "platform": "Example LMS",
                "contextActivities": {
                    "parent": [{"id": f"{SITE}/courses/{activity % self.shape.courses}"}],
                    "grouping": [{"id": f"{SITE}/programmes/onboarding"}],
                },
            },
            "timestamp": (
                f"2026-11-{rng.randint(1, 24):02d}T{rng.randrange(24):02d}:"
                f"{rng.randrange(60):02d}:00Z"
            ),
        }
        if verb in ("completed", "passed", "failed", "answered"):
            scaled = round(rng.random(), 2)
            data["result"] = {
                "score": {"scaled": scaled, "raw": round(scaled * 100), "min": 0, "max": 100},
                "success": verb != "failed",
                "completion": True,
                "duration": f"PT{rng.randint(1, 90)}M",
            }
        if len(self.recent) < 10_000:
            self.recent.append(sid)
        return data

    def voiding(self, target: str) -> dict[str, Any]:
        return {
            "actor": {"objectType": "Agent", "mbox": "mailto:admin@example.com"},
            "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
            "object": {"objectType": "StatementRef", "id": target},
        }

    def batch(self, size: int) -> list[dict[str, Any]]:
        return [self.statement() for _ in range(size)]


# ----------------------------------------------------------------------------- databases


@dataclass
class Target:
    """One database to benchmark: the environment its server and tools run with."""

    name: str
    env: dict[str, str]
    home: Path
    cleanup: list[Callable[[], None]] = field(default_factory=list)


def sqlite_target(base_env: dict[str, str]) -> Target:
    home = Path(tempfile.mkdtemp(prefix="mainspring-bench-lrs-"))
    env = {k: v for k, v in base_env.items() if k != "DATABASE_URL"}
    env["MAINSPRING_HOME"] = str(home)
    return Target("sqlite", env, home, [lambda: shutil.rmtree(home, ignore_errors=True)])


def postgres_target(base_env: dict[str, str], server: str) -> Target:
    import psycopg  # noqa: PLC0415  (only needed for PostgreSQL)

    name = f"mainspring_bench_lrs_{os.getpid()}"
    admin = server.rstrip("/") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    home = Path(tempfile.mkdtemp(prefix="mainspring-bench-lrs-"))
    env = dict(base_env)
    env["MAINSPRING_HOME"] = str(home)
    env["DATABASE_URL"] = server.rstrip("/") + "/" + name
    return Target("postgres", env, home, [drop, lambda: shutil.rmtree(home, ignore_errors=True)])


def cli(target: Target, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "mainspring.cli", *args],
        env=target.env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


# ----------------------------------------------------------------------------- pre-loading


def preload_child(count: int, client_key: str, report: Path, *, quick: bool) -> int:
    """In a child process configured for the target database: store ``count`` statements."""
    import django  # noqa: PLC0415  (settings come from the environment)

    django.setup()
    from django.utils import timezone  # noqa: PLC0415

    from mainspring.records import lrs  # noqa: PLC0415
    from mainspring.records.models import LrsClient  # noqa: PLC0415

    client = LrsClient.objects.get(key=client_key)
    shape = shape_for(count, quick=quick)
    gen = Generator(shape)
    started, cpu = time.perf_counter(), time.process_time()
    done = 0
    middle = ""
    while done < count:
        size = min(PRELOAD_BATCH, count - done)
        lrs.store_statements(gen.batch(size), client=client, version="1.0.3")
        done += size
        if not middle and done >= count // 2:
            middle = lrs.iso(timezone.now())
        if sys.stderr.isatty():
            print(f"\r  pre-loading {done:,}/{count:,}", end="", file=sys.stderr)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    report.write_text(json.dumps({"seconds": seconds, "cpu": cpu, "middle": middle}))
    return 0


def preload(target: Target, count: int, client_key: str, *, quick: bool) -> dict[str, Any]:
    report = target.home / "preload.json"
    env = dict(target.env, DJANGO_SETTINGS_MODULE="mainspring.settings")
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--preload-child",
            str(count),
            "--client-key",
            client_key,
            "--report",
            str(report),
            *(["--quick"] if quick else []),
        ],
        env=env,
        check=True,
    )
    result: dict[str, Any] = json.loads(report.read_text())
    return result


# ----------------------------------------------------------------------------- HTTP


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Lrs:
    """A keep-alive HTTP connection to the LRS with one client's credentials."""

    def __init__(self, port: int, key: str, secret: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        token = base64.b64encode(f"{key}:{secret}".encode()).decode()
        self.headers = {
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json",
        }

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        self.conn.request(method, path, body=body, headers=self.headers)
        response = self.conn.getresponse()
        return response.status, response.read()

    def post(self, statements: list[dict[str, Any]]) -> float:
        body = json.dumps(statements).encode()
        started = time.perf_counter()
        status, content = self.request("POST", "/xapi/statements", body)
        took = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"POST answered {status}: {content[:300]!r}")
        return took

    def get(self, path: str) -> tuple[float, dict[str, Any]]:
        started = time.perf_counter()
        status, content = self.request("GET", path)
        took = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}: {content[:300]!r}")
        found: dict[str, Any] = json.loads(content)
        return took, found


@contextmanager
def server(target: Target, port: int, workers: int | None) -> Iterator[None]:
    env = dict(
        target.env,
        MAINSPRING_SECRET_KEY=secrets.token_urlsafe(40),
        MAINSPRING_ALLOWED_HOSTS="127.0.0.1,localhost",
        MAINSPRING_SSL_REDIRECT="false",
        MAINSPRING_HSTS_SECONDS="0",
        MAINSPRING_LOG_LEVEL="WARNING",
    )
    # Migrated already; --no-setup also skips collectstatic, which no xAPI response needs.
    args = [sys.executable, "-m", "mainspring.cli", "serve", "--no-worker", "--no-setup"]
    args += ["--bind", f"127.0.0.1:{port}"]
    if workers:
        args += ["--workers", str(workers)]
    log = (target.home / "server.log").open("w")
    proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the server stopped; see {target.home / 'server.log'}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"the server did not start; see {target.home / 'server.log'}")
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def in_threads(count: int, work: Callable[[int], list[float]]) -> tuple[float, list[float]]:
    """Run ``work(i)`` in ``count`` threads; wall time and every latency they return."""
    results: list[list[float]] = [[] for _ in range(count)]
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = work(i)
        except BaseException as exc:  # noqa: BLE001  (reported after the threads end)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise errors[0]
    return wall, [t for r in results for t in r]


# ----------------------------------------------------------------------------- measuring


def warm_up(port: int, key: str, secret: str) -> None:
    """Touch every server worker once, so the one slow secret check is not timed."""

    def work(_i: int) -> list[float]:
        lrs = Lrs(port, key, secret)
        return [lrs.get("/xapi/statements?limit=1")[0] for _ in range(4)]

    in_threads(8, work)


def measure_posts(port: int, key: str, secret: str, shape: Shape, gen: Generator) -> list[str]:
    lines = []
    lrs = Lrs(port, key, secret)
    for size, requests in shape.posts.items():
        bodies = [gen.batch(size) for _ in range(requests)]
        latencies = [lrs.post(body) for body in bodies]
        total = sum(latencies)
        lines.append(
            f"  POST batch of {size:<5}      {size * requests / total:9,.0f} stmts/s"
            f"   p50 {percentile(latencies, 50) * 1000:7.1f} ms"
            f"   p95 {percentile(latencies, 95) * 1000:7.1f} ms   ({requests} requests)"
        )
    clients = 8
    bodies = [[gen.batch(1) for _ in range(shape.concurrent_each)] for _ in range(clients)]

    def work(i: int) -> list[float]:
        mine = Lrs(port, key, secret)
        return [mine.post(body) for body in bodies[i]]

    wall, latencies = in_threads(clients, work)
    lines.append(
        f"  POST 1 x 8 concurrent      {len(latencies) / wall:9,.0f} stmts/s"
        f"   p50 {percentile(latencies, 50) * 1000:7.1f} ms"
        f"   p95 {percentile(latencies, 95) * 1000:7.1f} ms   ({len(latencies)} requests)"
    )
    return lines


def filters(gen: Generator, shape: Shape, middle: str) -> dict[str, Callable[[], dict[str, str]]]:
    rng = random.Random(SEED + 1)

    def agent() -> dict[str, str]:
        return {"agent": json.dumps(gen.actor(rng.randrange(shape.actors)))}

    def verb() -> dict[str, str]:
        return {"verb": ADL + rng.choice(VERBS)}

    def activity() -> dict[str, str]:
        return {"activity": gen.activity_id(rng.randrange(shape.activities))}

    def registration() -> dict[str, str]:
        actor, activity = rng.randrange(shape.actors), rng.randrange(shape.activities)
        return {"registration": gen.registration(actor, activity)}

    def related() -> dict[str, str]:
        course = rng.randrange(shape.courses)
        return {"activity": f"{SITE}/courses/{course}", "related_activities": "true"}

    def since() -> dict[str, str]:
        return {"since": middle}

    def agent_verb() -> dict[str, str]:
        return {**agent(), **verb()}

    return {
        "agent": agent,
        "verb": verb,
        "activity": activity,
        "registration": registration,
        "related_activities": related,
        "since": since,
        "agent + verb": agent_verb,
    }


def measure_gets(port: int, key: str, secret: str, shape: Shape, middle: str) -> list[str]:
    lrs = Lrs(port, key, secret)
    gen = Generator(shape)
    lines = []
    for name, make in filters(gen, shape, middle).items():
        latencies, sizes = [], []
        for _ in range(shape.gets):
            query = urllib.parse.urlencode({**make(), "limit": "100"})
            took, found = lrs.get(f"/xapi/statements?{query}")
            latencies.append(took)
            sizes.append(len(found["statements"]))
        lines.append(get_line(f"GET {name}", latencies, statistics.mean(sizes)))
    latencies = []
    pages = 0.0
    for _ in range(shape.gets):
        query = urllib.parse.urlencode({"verb": ADL + "completed", "limit": "100"})
        _took, first = lrs.get(f"/xapi/statements?{query}")
        if not first["more"]:
            break
        took, found = lrs.get(first["more"])
        latencies.append(took)
        pages += len(found["statements"])
    if latencies:
        lines.append(get_line("GET more (2nd page)", latencies, pages / len(latencies)))
    return lines


def get_line(name: str, latencies: list[float], returned: float) -> str:
    return (
        f"  {name:<26} p50 {percentile(latencies, 50) * 1000:7.1f} ms"
        f"   p95 {percentile(latencies, 95) * 1000:7.1f} ms   ({len(latencies)} requests,"
        f" {returned:.0f} statements each on average)"
    )


def run(target: Target, shape: Shape, workers: int | None, *, quick: bool) -> None:
    print(f"\nLRS benchmark on {target.name}: {shape.statements:,} statements pre-loaded")
    started = time.perf_counter()
    cli(target, "manage", "migrate", "--verbosity", "0")
    out = cli(target, "lrs", "create-client", "bench", "--scope", "all")
    key = next(line.split()[-1] for line in out.splitlines() if line.startswith("Key:"))
    secret = next(line.split()[-1] for line in out.splitlines() if line.startswith("Secret:"))
    print(f"  migrate + client          {time.perf_counter() - started:7.1f}s")
    loaded = preload(target, shape.statements, key, quick=quick)
    rate = shape.statements / loaded["seconds"]
    print(
        f"  pre-load (in-process)     {loaded['seconds']:7.1f}s   {rate:9,.0f} stmts/s"
        f"   (lrs.store_statements, batches of {PRELOAD_BATCH:,}; Python CPU"
        f" {loaded['cpu'] / shape.statements * 1e6:.0f} us a statement)"
    )
    if target.name == "postgres":
        # As after any bulk load: fresh planner statistics (this matters when autovacuum
        # is off or has not caught up; without them PostgreSQL guesses and scans).
        import psycopg  # noqa: PLC0415

        started = time.perf_counter()
        with psycopg.connect(target.env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute("ANALYZE")
        print(f"  ANALYZE                   {time.perf_counter() - started:7.1f}s")
    port = free_port()
    with server(target, port, workers):
        warm_up(port, key, secret)
        gen = Generator(shape, seed=SEED + 2)
        for line in measure_posts(port, key, secret, shape, gen):
            print(line, flush=True)
        for line in measure_gets(port, key, secret, shape, loaded["middle"]):
            print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--statements", type=int, default=1_000_000, help="pre-loaded")
    parser.add_argument("--quick", action="store_true", help="5,000 statements, few requests")
    parser.add_argument("--workers", type=int, help="web workers (default: as serve decides)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL without a database name",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--preload-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--client-key", help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.preload_child is not None:
        return preload_child(args.preload_child, args.client_key, args.report, quick=args.quick)

    shape = shape_for(5_000 if args.quick else args.statements, quick=args.quick)
    base_env = dict(os.environ)
    src = str(Path(__file__).resolve().parent.parent / "src")
    base_env["PYTHONPATH"] = os.pathsep.join(p for p in (src, base_env.get("PYTHONPATH")) if p)
    base_env.pop("DJANGO_SETTINGS_MODULE", None)
    base_env.pop("MAINSPRING_ENV", None)
    names = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    for name in names:
        target = (
            sqlite_target(base_env)
            if name == "sqlite"
            else postgres_target(base_env, args.postgres)
        )
        try:
            run(target, shape, args.workers, quick=args.quick)
        finally:
            if args.keep:
                print(f"  kept {target.home}")
            else:
                for step in target.cleanup:
                    step()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark page latency on the demo company: home, people list, org tree, person page.

Seeds Northwind Freight into a fresh SQLite database in a temporary folder (or the
empty database named by DATABASE_URL), then requests each page repeatedly through
Django's test client as each role and prints median and 95th-percentile latency.

    .venv/bin/python bench/bench_home.py              # 100,000 people
    .venv/bin/python bench/bench_home.py --quick      # 2,000 people, few repeats
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="2,000 people, 5 repeats")
    args = parser.parse_args(argv)
    people, repeats = (2_000, 5) if args.quick else (args.people, args.repeats)

    home = Path(tempfile.mkdtemp(prefix="mainspring-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "mainspring.settings"
    os.environ["MAINSPRING_HOME"] = str(home)
    os.environ.setdefault("MAINSPRING_ENV", "demo")
    try:
        return run(people, repeats)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run(people: int, repeats: int) -> int:
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415

    from mainspring.demo import seed  # noqa: PLC0415
    from mainspring.org.models import OrgUnit, Person, User  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed.seed_demo(people=people)
    seed.ensure_demo_logins()
    print(f"seeded {people:,} people in {time.perf_counter() - started:.1f}s")

    person = Person.objects.filter(active=True, manager__isnull=False).order_by("pk").last()
    division = OrgUnit.objects.filter(depth=1).order_by("pk").first()
    assert person is not None
    assert division is not None
    pages = [
        ("home", reverse("web:home"), ["leader", "stakeholder", "executive", "learner"]),
        ("people list", reverse("org:person-list"), ["leader", "stakeholder"]),
        ("people search", reverse("org:person-list") + "?q=smith", ["leader"]),
        ("org tree", reverse("org:unit-tree"), ["executive"]),
        ("division page", reverse("org:unit-detail", args=[division.pk]), ["leader"]),
        ("person page", reverse("org:person-detail", args=[person.pk]), ["leader"]),
    ]
    print(f"{'page':<16}{'role':<13}{'median ms':>10}{'p95 ms':>9}")
    for label, url, roles in pages:
        for role in roles:
            client = Client()
            client.force_login(User.objects.get(username=role))
            assert client.get(url).status_code == 200  # warm caches
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
            print(f"{label:<16}{role:<13}{statistics.median(times):>10.1f}{p95:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark the catalogue import and the catalogue suggestions on a vendor-sized library.

Runs against a fresh SQLite database in a temporary folder (or the database named
by DATABASE_URL, which must hold no catalogue items yet):

    .venv/bin/python bench/bench_catalog.py              # 50,000 items
    .venv/bin/python bench/bench_catalog.py --quick      # 5,000 items
    .venv/bin/python bench/bench_catalog.py --rows 200000

The file is a deterministic vendor export: titles built from word lists by topic
("Advanced negotiation for team leads"), two-sentence descriptions, a provider, a type,
durations in the forms vendors use (minutes, 1h30, PT45M), a URL, a language and an
xAPI activity id. Phases: check, apply, re-check (all unchanged), index build, and
the latency of 100 suggestion queries written like learning needs.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mainspring.experiences.catalog_imports import CatalogPlan

HEADERS = [
    "Course ID",
    "Title",
    "Description",
    "Provider",
    "Format",
    "Duration",
    "URL",
    "Language",
    "xAPI Activity ID",
]
TOPICS = {
    "feedback": "giving receiving feedback conversations praise criticism",
    "coaching": "coaching grow model questions listening goals",
    "negotiation": "negotiation suppliers customers concessions deal anchoring",
    "safety": "safety hazards risk assessment incidents ppe",
    "forklift": "forklift driving load checks warehouse pallets",
    "excel": "excel spreadsheets formulas pivot tables charts",
    "leadership": "leadership vision teams delegation influence",
    "customer service": "customer service complaints empathy resolution calls",
    "project management": "project planning scope schedule risks stakeholders",
    "time management": "priorities time planning focus delegation meetings",
    "data privacy": "gdpr personal data privacy consent breaches",
    "cybersecurity": "phishing passwords security threats devices",
    "presentation": "presenting slides storytelling audience nerves",
    "sales": "sales prospecting pipeline closing objections",
    "finance": "budgets forecasting costs profit cash flow",
    "diversity": "inclusion diversity bias respect belonging",
    "wellbeing": "stress resilience wellbeing sleep burnout",
    "writing": "business writing emails reports clarity",
    "agile": "agile scrum sprints backlog retrospectives",
    "hiring": "interviewing hiring selection onboarding candidates",
}
LEVELS = [
    "Introduction to",
    "Foundations of",
    "Practical",
    "Advanced",
    "Mastering",
    "Essentials of",
]
AUDIENCES = ["for new managers", "for team leads", "for everyone", "for drivers", "at work", ""]
PROVIDERS = ["Acme Learning", "SkillForge", "BrightPath", "OpenCampus", "Northstar Academy"]
TYPES = ["course", "video", "article", "podcast", "book summary", "interactive"]
LANGUAGES = ["en", "en", "en", "fr", "de", "es", "pt-BR"]
_SYLLABLES = ["ka", "lo", "mi", "ter", "ven", "dra", "sol", "pen", "ri", "gu", "tal", "mor"]
# 20,000 made-up words ("kalomi", "terven"...): the long tail of a real catalogue's text.
VOCABULARY = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES] + [
    f"{a}{b}{c}{d}" for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES for d in _SYLLABLES
][: 20_000 - len(_SYLLABLES) ** 3]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000, help="items in the file")
    parser.add_argument("--quick", action="store_true", help="5,000 items (overrides --rows)")
    parser.add_argument("--queries", type=int, default=100, help="suggestion queries to time")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    rows = 5_000 if args.quick else args.rows

    home = Path(tempfile.mkdtemp(prefix="mainspring-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "mainspring.settings"
    os.environ["MAINSPRING_HOME"] = str(home)
    try:
        return run(rows, args.queries, home)
    finally:
        if args.keep:
            print(f"kept {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)


def run(rows: int, queries: int, home: Path) -> int:  # noqa: PLR0915  (the phases, in order)
    # Django is configured by the environment set in main(), so it is imported here.
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from mainspring.experiences.actions import catalogue  # noqa: PLC0415
    from mainspring.experiences.models import CatalogItem  # noqa: PLC0415
    from mainspring.experiences.queries import catalogue as catalogue_queries  # noqa: PLC0415

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if CatalogItem.objects.exists():
        print("The database already holds catalogue items; point DATABASE_URL at an empty one.")
        return 2
    where = connection.settings_dict["NAME"]
    print(f"Catalogue benchmark: {rows:,} items, {connection.vendor} ({where})")
    print(f"  migrate        {time.perf_counter() - started:7.1f}s")
    path = home / "catalog.csv"
    started = time.perf_counter()
    write_csv(path, rows)
    print(
        f"  write CSV      {time.perf_counter() - started:7.1f}s  "
        f"{path.stat().st_size / 1e6:.1f} MB"
    )
    library = catalogue.library_named(actor=None, name="Bench Library")

    plan = timed_phase("check", rows, lambda: check(path, library))
    timed_phase(
        "apply",
        rows,
        lambda: catalogue.apply_catalog_plan(plan, actor=None, library=library),
    )
    again = timed_phase("re-check", rows, lambda: check(path, library))
    unchanged = again.ok and len(again.unchanged) == rows

    started = time.perf_counter()
    index = catalogue_queries.catalogue_index()
    build = time.perf_counter() - started
    print(f"  index build    {build:7.2f}s  {len(index):,} items, {len(index.vocabulary):,} terms")
    started = time.perf_counter()
    catalogue_queries.catalogue_index()
    print(f"  index reuse    {(time.perf_counter() - started) * 1000:7.1f}ms (version check)")
    catalogue_queries._cache["index"] = None  # as another web worker would start
    started = time.perf_counter()
    catalogue_queries.catalogue_index()
    print(
        f"  index load     {(time.perf_counter() - started) * 1000:7.1f}ms (from the data folder)"
    )

    texts = list(query_texts(queries))
    latencies = []
    hits = 0
    for text, topic in texts:
        started = time.perf_counter()
        found = catalogue_queries.suggestions_for(text, k=10)
        latencies.append((time.perf_counter() - started) * 1000)
        hits += bool(found) and topic in found[0].item.title.lower()
    ranking = []
    for text, _topic in texts:
        started = time.perf_counter()
        index.search(text, 10)
        ranking.append((time.perf_counter() - started) * 1000)
    print(
        f"  rank only      median {statistics.median(ranking):.2f}ms, "
        f"max {max(ranking):.2f}ms (the index, without the version check and item loading)"
    )
    latencies.sort()
    p95 = latencies[max(0, round(len(latencies) * 0.95) - 1)]
    print(
        f"  suggest        median {statistics.median(latencies):.1f}ms, p95 {p95:.1f}ms over "
        f"{len(latencies)} queries (top 10, items loaded); top hit on topic {hits}/{len(texts)}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  items in the database: {CatalogItem.objects.count():,}; re-import unchanged: "
        f"{'yes' if unchanged else 'NO'}; peak memory {peak:,.0f} MB"
    )
    return 0 if unchanged else 1


def items(rows: int) -> Iterator[list[str]]:
    """Yield the file's rows, the same for the same count."""
    rng = random.Random(42)
    topics = list(TOPICS)
    durations = ["{m}", "{m} min", "{h}h{r:02d}", "PT{m}M"]
    for n in range(rows):
        topic = topics[n % len(topics)]
        words = TOPICS[topic].split()
        title = f"{rng.choice(LEVELS)} {topic} {rng.choice(AUDIENCES)}".strip()
        picked = rng.sample(words, 3)
        # A long tail of other words, as real descriptions have (Zipf-like: a few
        # common, most rare), so the index holds a realistic vocabulary.
        tail = " ".join(
            VOCABULARY[min(int(rng.paretovariate(0.7)), len(VOCABULARY)) - 1] for _ in range(30)
        )
        description = (
            f"Learn about {picked[0]} and {picked[1]} in this {rng.choice(TYPES)}. "
            f"Covers {picked[2]}, with examples and a short quiz. {tail}"
        )
        minutes = rng.choice([5, 10, 15, 20, 30, 45, 60, 90, 120, 240])
        form = rng.choice(durations) if minutes >= 60 else "{m}"
        duration = form.format(m=minutes, h=minutes // 60, r=minutes % 60)
        yield [
            f"C{n:07d}",
            title,
            description,
            PROVIDERS[n % len(PROVIDERS)],
            rng.choice(TYPES),
            duration,
            f"https://content.example.com/c/{n}",
            rng.choice(LANGUAGES),
            f"https://content.example.com/xapi/activities/{n}",
        ]


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(items(rows))


def query_texts(count: int) -> Iterator[tuple[str, str]]:
    """Yield need-like texts and the topic each is about."""
    rng = random.Random(7)
    topics = list(TOPICS)
    for n in range(count):
        topic = topics[n % len(topics)]
        words = rng.sample(TOPICS[topic].split(), 2)
        yield (
            f"Our people struggle with {topic}: {words[0]} and {words[1]} cause problems "
            "that show in the KPI every month.",
            topic,
        )


def timed_phase(name: str, rows: int, work: object) -> CatalogPlan:
    assert callable(work)
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    counts = result.counts() if hasattr(result, "counts") else result
    print(f"  {name:<14} {seconds:7.1f}s  {rows / seconds:9,.0f} rows/s  {counts}")
    return result  # type: ignore[no-any-return]  # a plan or the counts of one


def check(path: Path, library: object) -> CatalogPlan:
    """Read a file and plan its import against the database (the "check" step)."""
    from mainspring.experiences import catalog_imports  # noqa: PLC0415
    from mainspring.experiences.actions import catalogue  # noqa: PLC0415
    from mainspring.org.imports import guess_mapping, read_table  # noqa: PLC0415

    with path.open("rb") as handle:
        table = read_table(handle, path.name)
    mapping = guess_mapping(table.headers, catalog_imports.CATALOG_FIELDS)
    existing = catalogue.existing_catalog(library)  # type: ignore[arg-type]  # a Library
    return catalog_imports.plan_catalog_import(table, mapping, existing)


if __name__ == "__main__":
    sys.exit(main())

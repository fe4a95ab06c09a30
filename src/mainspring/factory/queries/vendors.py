"""The vendors register: contracts due for renewal, ratings, and their work inside projects.

A vendor's task is late when its forecast finish (from the project's plan, see
:mod:`mainspring.factory.planning`) is past its baseline finish, or when it is still
open after its forecast finish (overdue). Done tasks are late when they finished after
their baseline finish.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404

from mainspring.factory import capacity, planning
from mainspring.factory.models import (
    Project,
    ProjectStatus,
    Task,
    TaskStatus,
    Vendor,
    VendorRating,
)

RENEWAL_WARNING_DAYS = 90
CLOSED_PROJECTS = (ProjectStatus.DONE, ProjectStatus.CANCELLED)
RECENT_DONE = 20


def vendors_matching(status: str = "active", text: str = "") -> QuerySet[Vendor]:
    """The register filtered by ``status`` (active, inactive, all) and free text.

    Each vendor carries its average ratings (``avg_quality``, ``avg_timeliness``,
    ``avg_value``) and ``rating_count``.
    """
    rows = Vendor.objects.all()
    if status == "active":
        rows = rows.filter(active=True)
    elif status == "inactive":
        rows = rows.filter(active=False)
    for word in text.split()[:5]:
        rows = rows.filter(
            Q(name__icontains=word) | Q(services__icontains=word) | Q(contract_reference=word)
        )
    return rows.annotate(
        avg_quality=Avg("ratings__quality"),
        avg_timeliness=Avg("ratings__timeliness"),
        avg_value=Avg("ratings__value"),
        rating_count=Count("ratings"),
    ).order_by("name")


def register_is_empty() -> bool:
    """Whether no vendor, active or not, was ever added."""
    return not Vendor.objects.exists()


def get_vendor(pk: int) -> Vendor:
    """The vendor with ``pk`` (any L&D reader may open it).

    Raises:
        Http404: no such vendor.
    """
    try:
        return vendors_matching("all").get(pk=pk)
    except Vendor.DoesNotExist:
        raise Http404("No such vendor.") from None


def get_vendor_rating(pk: int) -> VendorRating:
    """The rating with ``pk``, with its vendor and project.

    Raises:
        Http404: no such rating.
    """
    try:
        return VendorRating.objects.select_related("vendor", "project").get(pk=pk)
    except VendorRating.DoesNotExist:
        raise Http404("No such rating.") from None


@dataclass(frozen=True, slots=True)
class Renewal:
    """Where a contract stands against its renewal date."""

    end: date | None
    days: int | None  # days from today to the renewal date; negative once past

    @property
    def expired(self) -> bool:
        return self.days is not None and self.days < 0

    @property
    def soon(self) -> bool:
        return self.days is not None and 0 <= self.days <= RENEWAL_WARNING_DAYS

    @property
    def words(self) -> str:
        """The flag in words: expired, renews today or in N days; empty when not soon."""
        if self.days is None or self.days > RENEWAL_WARNING_DAYS:
            return ""
        if self.days < 0:
            return "Expired"
        if self.days == 0:
            return "Renews today"
        return f"Renews in {self.days} day{'s' if self.days != 1 else ''}"


def renewal_of(vendor: Vendor, today: date) -> Renewal:
    """The vendor's contract against ``today``."""
    end = vendor.contract_end
    return Renewal(end, None if end is None else (end - today).days)


@dataclass(frozen=True, slots=True)
class VendorTask:
    """A task given to a vendor, with its forecast against its baseline."""

    task: Task
    start: date | None  # forecast; None when the project's plan cannot be scheduled
    finish: date | None
    slip_days: int  # working days past the baseline finish (0 without a baseline)
    overdue: bool

    @property
    def done(self) -> bool:
        return self.task.status == TaskStatus.DONE

    @property
    def late(self) -> bool:
        return self.overdue or self.slip_days > 0


def _open_tasks(vendor_ids: Iterable[int]) -> QuerySet[Task]:
    return (
        Task.objects.filter(vendor_id__in=list(vendor_ids))
        .exclude(status=TaskStatus.DONE)
        .exclude(project__status__in=CLOSED_PROJECTS)
    )


def open_work(vendor_ids: Sequence[int], today: date) -> dict[int, list[VendorTask]]:
    """Each vendor's open tasks on open projects, forecast as of ``today``."""
    project_ids = set(_open_tasks(vendor_ids).values_list("project_id", flat=True))
    projects = Project.objects.filter(pk__in=project_ids).only("pk")
    wanted = set(vendor_ids)
    out: dict[int, list[VendorTask]] = defaultdict(list)
    for plan in planning.plans_of(projects, today=today):
        if plan.error:
            # Unschedulable (a dependency loop): list the tasks without dates.
            for task in plan.project.tasks.all():
                if task.vendor_id in wanted and task.status != TaskStatus.DONE:
                    out[task.vendor_id].append(VendorTask(task, None, None, 0, False))
            continue
        for item in plan.tasks:
            task = item.task
            if task.vendor_id in wanted and task.status != TaskStatus.DONE:
                out[task.vendor_id].append(
                    VendorTask(task, item.start, item.finish, item.slip_days, item.overdue)
                )
    for tasks in out.values():
        tasks.sort(key=lambda t: (t.finish or date.max, t.task.pk))
    return dict(out)


@dataclass(frozen=True, slots=True)
class RegisterRow:
    vendor: Vendor  # annotated by vendors_matching
    renewal: Renewal
    open_tasks: int
    late_tasks: int

    @property
    def average(self) -> float | None:
        """The mean of the three average ratings, None when never rated."""
        v = self.vendor
        values = [v.avg_quality, v.avg_timeliness, v.avg_value]  # type: ignore[attr-defined]  # annotated
        if any(x is None for x in values):
            return None
        return float(sum(values)) / 3


def register_rows(vendors: Sequence[Vendor], today: date) -> list[RegisterRow]:
    """The register's lines for ``vendors`` (a page of :func:`vendors_matching`)."""
    work = open_work([v.pk for v in vendors], today)
    return [
        RegisterRow(
            v,
            renewal_of(v, today),
            len(work.get(v.pk, [])),
            sum(1 for t in work.get(v.pk, []) if t.late),
        )
        for v in vendors
    ]


def done_work(vendor: Vendor, limit: int = RECENT_DONE) -> list[VendorTask]:
    """The vendor's most recently finished tasks, late when finished after the baseline."""
    tasks = (
        Task.objects.filter(vendor=vendor, status=TaskStatus.DONE)
        .select_related("project")
        .order_by("-actual_finish", "-pk")[:limit]
    )
    out = []
    for t in tasks:
        slip = 0
        if t.actual_finish and t.baseline_finish and t.actual_finish > t.baseline_finish:
            after = t.baseline_finish + timedelta(days=1)
            slip = len(capacity.working_days(after, t.actual_finish))
        out.append(VendorTask(t, t.actual_start, t.actual_finish, slip, False))
    return out


def ratings_of(vendor: Vendor) -> QuerySet[VendorRating]:
    """The vendor's ratings, one per project, newest first."""
    return vendor.ratings.select_related("project", "rated_by")


def projects_to_rate(vendor: Vendor, rating: VendorRating | None = None) -> QuerySet[Project]:
    """Projects the vendor had tasks on and is not yet rated on (plus ``rating``'s own)."""
    rated = vendor.ratings.all()
    if rating is not None:
        rated = rated.exclude(pk=rating.pk)
    return (
        Project.objects.filter(tasks__vendor=vendor)
        .exclude(pk__in=rated.values("project_id"))
        .distinct()
        .order_by("-start", "title")
    )

"""The back office for the factory's records (the web pages are where people work)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mainspring.factory.models import (
    BudgetLine,
    Competency,
    CostEntry,
    LoadedRate,
    ProcessTemplate,
    Project,
    Request,
    StandardDocument,
    Task,
    TeamMember,
    TemplateTask,
    Vendor,
)


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ["year", "program", "category", "amount"]
    list_filter = ["year", "category"]
    raw_id_fields = ["program"]


@admin.register(CostEntry)
class CostEntryAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ["date", "program", "category", "amount", "vendor", "source"]
    list_filter = ["category", "source"]
    search_fields = ["description", "reference", "vendor"]
    date_hierarchy = "date"
    raw_id_fields = ["program", "created_by"]


@admin.register(LoadedRate)
class LoadedRateAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ["job_role", "is_default", "hourly_rate"]


@admin.register(Vendor)
class VendorAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ["name", "contract_end", "rate", "rate_unit", "active"]
    list_filter = ["active"]
    search_fields = ["name", "services"]


@admin.register(TeamMember)
class TeamMemberAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ["person", "role", "weekly_capacity", "active"]
    list_filter = ["role", "active"]
    raw_id_fields = ["person", "manager"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin[Competency]):
    list_display = ["name", "code", "area", "leadership", "order"]


@admin.register(StandardDocument)
class StandardDocumentAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ["title", "link"]


class TemplateTaskInline(admin.TabularInline[TemplateTask, ProcessTemplate]):
    model = TemplateTask
    extra = 0
    fields = ["order", "code", "name", "phase", "days", "hours", "skill", "gate", "milestone"]


@admin.register(ProcessTemplate)
class ProcessTemplateAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ["name", "code", "active"]
    inlines = [TemplateTaskInline]


class TaskInline(admin.TabularInline[Task, Project]):
    model = Task
    extra = 0
    fields = ["order", "name", "phase", "owner", "vendor", "duration_days", "status"]
    raw_id_fields = ["owner", "vendor"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ["title", "status", "start", "deadline", "baseline_finish"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["program", "sponsor", "manager", "initiative", "created_by"]
    inlines = [TaskInline]


@admin.register(Request)
class RequestAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ["title", "status", "unit", "submitted_at", "diagnosis"]
    list_filter = ["status", "diagnosis"]
    search_fields = ["title", "problem"]
    raw_id_fields = [
        "kpi",
        "sponsor",
        "unit",
        "requester",
        "triaged_by",
        "project",
        "program",
        "need",
        "merged_into",
    ]

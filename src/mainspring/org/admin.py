from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from mainspring.org.models import ImportJob, JobRole, OrgUnit, Person, User

admin.site.site_header = "Mainspring back office"
admin.site.site_title = "Mainspring"


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth"]
    raw_id_fields = ["parent"]


@admin.register(JobRole)
class JobRoleAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ["name", "family"]
    search_fields = ["name", "family"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ["hris_id", "first_name", "last_name", "email", "org_unit", "active"]
    list_filter = ["active"]
    search_fields = ["hris_id", "first_name", "last_name", "email"]
    raw_id_fields = ["org_unit", "manager", "job_role"]
    list_select_related = ["org_unit"]


@admin.register(User)
class MainspringUserAdmin(UserAdmin[User], SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    list_display = ["username", "role", "person", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["person"]
    filter_horizontal = ["scope_units"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Mainspring", {"fields": ("role", "person", "scope_units")}),
    )


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    list_display = ["original_name", "kind", "status", "total_rows", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["code", "errors", "summary", "result"]

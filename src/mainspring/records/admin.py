from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mainspring.records.models import LrsClient


@admin.register(LrsClient)
class LrsClientAdmin(admin.ModelAdmin[LrsClient]):
    """LRS clients: see them, switch them off, change scopes. Create them with the CLI.

    New credentials come from ``mainspring lrs create-client`` (the secret is shown once
    there); the back office never shows or edits a secret.
    """

    list_display = ["name", "key", "scopes", "active", "created_at", "created_by"]
    list_filter = ["active"]
    search_fields = ["name", "key"]
    fields = ["name", "key", "scopes", "active", "created_by", "created_at"]
    readonly_fields = ["name", "key", "created_by", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:  # noqa: ARG002  (Django's signature)
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:  # noqa: ARG002
        return False  # statements keep pointing at their client; switch it off instead

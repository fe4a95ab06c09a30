"""LRS connections: the clients (LMSs, content, reporting tools) that may talk to /xapi/.

The learning leader creates credentials here (the same as ``mainspring lrs create-client``),
changes what a client may do, switches one off, or gives it a new secret. A secret is shown
once, on the page that answers the form, and never again.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mainspring.records import clients, permissions
from mainspring.records.http import SCOPES, ClientError, create_client
from mainspring.records.models import LrsClient
from mainspring.web.http import AuthedRequest, require

SCOPE_CHOICES = [(s, f"{s}: {clients.SCOPE_HELP[s]}") for s in SCOPES]


class ClientForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        help_text="What connects: the LMS, course or tool, e.g. “Moodle production”.",
    )
    scopes = forms.MultipleChoiceField(
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=list(clients.PRESETS["lms"]),
        help_text="An LMS usually needs the first two and state; reporting tools read only.",
    )

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if LrsClient.objects.filter(name=name).exists():
            raise forms.ValidationError("There is already a client with this name.")
        return name


class ChangeForm(forms.Form):
    scopes = forms.MultipleChoiceField(choices=SCOPE_CHOICES, widget=forms.CheckboxSelectMultiple)
    active = forms.BooleanField(
        required=False, label="Active", help_text="Switched off, its credentials stop working."
    )


def _endpoint(request: AuthedRequest) -> str:
    return request.build_absolute_uri(reverse("xapi:about")).removesuffix("about")


# cmi5 launches make one client per session (named so by the cmi5 app): they are counted
# apart, not listed, or a busy course would bury the LMS among thousands of rows.
SESSION_PREFIX = "cmi5 session "


def _list(request: AuthedRequest, form: ClientForm, status: int = 200) -> HttpResponse:
    sessions = LrsClient.objects.filter(name__startswith=SESSION_PREFIX)
    listed = LrsClient.objects.exclude(name__startswith=SESSION_PREFIX).order_by("-active", "name")
    return render(
        request,
        "records/clients.html",
        {
            "page": Paginator(listed, 50).get_page(request.GET.get("page")),
            "sessions": sessions.count(),
            "open_sessions": sessions.filter(active=True).count(),
            "form": form,
            "endpoint": _endpoint(request),
        },
        status=status,
    )


def _secret_page(request: AuthedRequest, client: LrsClient, secret: str, new: bool) -> HttpResponse:
    return render(
        request,
        "records/client_secret.html",
        {"client": client, "secret": secret, "new": new, "endpoint": _endpoint(request)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def client_list(request: AuthedRequest) -> HttpResponse:
    """Every client, and the form that creates one (its secret shown once)."""
    require(permissions.can_manage_lrs_clients(request.user))
    if request.method == "GET":
        return _list(request, ClientForm())
    form = ClientForm(request.POST)
    if not form.is_valid():
        return _list(request, form, status=400)
    try:
        client, secret = create_client(
            actor=request.user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
        )
    except ClientError as error:
        form.add_error(None, str(error))
        return _list(request, form, status=400)
    return _secret_page(request, client, secret, new=True)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def client_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One client: change its scopes or switch it off."""
    require(permissions.can_manage_lrs_clients(request.user))
    client = get_object_or_404(LrsClient, pk=pk)
    if request.method == "GET":
        form = ChangeForm(initial={"scopes": client.scopes, "active": client.active})
    else:
        form = ChangeForm(request.POST)
        if form.is_valid():
            try:
                clients.update_client(
                    actor=request.user,
                    client=client,
                    scopes=form.cleaned_data["scopes"],
                    active=form.cleaned_data["active"],
                )
            except ClientError as error:
                form.add_error("scopes", str(error))
            else:
                state = "active" if client.active else "switched off"
                messages.success(request, f"{client.name} is saved ({state}).")
                return redirect("records:client-detail", pk=client.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "records/client_detail.html",
        {"client": client, "form": form, "statements": client.statements.count()},
        status=status,
    )


@never_cache
@login_required
@require_POST
def client_rotate(request: AuthedRequest, pk: int) -> HttpResponse:
    """A new secret for a client; the old one stops working now."""
    require(permissions.can_manage_lrs_clients(request.user))
    client = get_object_or_404(LrsClient, pk=pk)
    secret = clients.rotate_secret(actor=request.user, client=client)
    return _secret_page(request, client, secret, new=False)

"""The vendors register: contracts and renewals, ratings per project, work inside projects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.factory.actions import Error
from mainspring.factory.actions import vendors as actions
from mainspring.factory.forms.vendors import RatingForm, VendorFilterForm, VendorForm
from mainspring.factory.permissions import can_edit_factory, can_view_factory
from mainspring.factory.queries import vendors as queries
from mainspring.factory.views.team import project_url
from mainspring.web.http import AuthedRequest, form_status, require

PAGE = 25


@login_required
@require_GET
def vendor_list(request: AuthedRequest) -> HttpResponse:
    require(can_view_factory(request.user))
    form = VendorFilterForm(request.GET or None)
    status, text = "active", ""
    if form.is_bound and form.is_valid():
        status, text = form.cleaned_data["status"] or "active", form.cleaned_data["q"]
    page = Paginator(queries.vendors_matching(status, text), PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": queries.register_rows(list(page.object_list), timezone.localdate()),
        "filtered": status != "active" or bool(text),
        "empty": not page.object_list and queries.register_is_empty(),
        "status": status,
        "can_edit": can_edit_factory(request.user),
        "warning_days": queries.RENEWAL_WARNING_DAYS,
    }
    return render(request, "factory/vendor_list.html", context)


def _work_rows(tasks: list[queries.VendorTask]) -> list[tuple[queries.VendorTask, str]]:
    return [(t, project_url(t.task.project_id)) for t in tasks]


@login_required
@require_GET
def vendor_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_view_factory(request.user))
    vendor, today = queries.get_vendor(pk), timezone.localdate()
    can_edit = can_edit_factory(request.user)
    open_tasks = queries.open_work([vendor.pk], today).get(vendor.pk, [])
    context = {
        "vendor": vendor,
        "renewal": queries.renewal_of(vendor, today),
        "open_tasks": _work_rows(open_tasks),
        "late": sum(1 for t in open_tasks if t.late),
        "done_tasks": _work_rows(queries.done_work(vendor)),
        "ratings": [(r, project_url(r.project_id)) for r in queries.ratings_of(vendor)],
        "rating_form": RatingForm(projects=queries.projects_to_rate(vendor)) if can_edit else None,
        "can_edit": can_edit,
    }
    return render(request, "factory/vendor_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def vendor_new(request: AuthedRequest) -> HttpResponse:
    require(can_edit_factory(request.user))
    form = VendorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vendor = actions.create_vendor(
                actor=request.user, details=form.details(), active=form.cleaned_data["active"]
            )
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{vendor.name} is in the register.")
            return redirect("factory:vendor-detail", pk=vendor.pk)
    context = {"form": form, "vendor": None}
    return render(request, "factory/vendor_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def vendor_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    vendor = queries.get_vendor(pk)
    initial = {
        name: getattr(vendor, name) for name in VendorForm.base_fields if hasattr(vendor, name)
    }
    form = VendorForm(request.POST or None, vendor=vendor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_vendor(
                actor=request.user,
                vendor=vendor,
                details=form.details(),
                active=form.cleaned_data["active"],
            )
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{vendor.name} was saved.")
            return redirect("factory:vendor-detail", pk=vendor.pk)
    context = {"form": form, "vendor": vendor}
    return render(request, "factory/vendor_form.html", context, status=form_status(form))


@login_required
@require_POST
def vendor_active(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    vendor = queries.get_vendor(pk)
    active = request.POST.get("active") == "1"
    actions.set_vendor_active(actor=request.user, vendor=vendor, active=active)
    done = "is active again" if active else "was deactivated; its work and ratings stay"
    messages.success(request, f"{vendor.name} {done}.")
    return redirect("factory:vendor-detail", pk=vendor.pk)


@login_required
@require_http_methods(["GET", "POST"])
def vendor_rate(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    vendor = queries.get_vendor(pk)
    wanted = request.GET.get("project", "")
    form = RatingForm(
        request.POST or None,
        projects=queries.projects_to_rate(vendor),
        initial={"project": int(wanted) if wanted.isdigit() else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            rating = actions.rate_vendor(
                actor=request.user, vendor=vendor, on=timezone.localdate(), **form.cleaned_data
            )
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{vendor.name} was rated on {rating.project.title}.")
            return redirect(reverse("factory:vendor-detail", args=[vendor.pk]) + "#ratings")
    context = {"form": form, "vendor": vendor, "rating": None}
    return render(request, "factory/vendor_rating_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def vendor_rating_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_edit_factory(request.user))
    rating = queries.get_vendor_rating(pk)
    initial = {
        "quality": rating.quality,
        "timeliness": rating.timeliness,
        "value": rating.value,
        "comment": rating.comment,
    }
    form = RatingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_vendor_rating(
                actor=request.user, rating=rating, on=timezone.localdate(), **form.cleaned_data
            )
        except Error as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The rating on {rating.project.title} was saved.")
            return redirect(reverse("factory:vendor-detail", args=[rating.vendor_id]) + "#ratings")
    context = {"form": form, "vendor": rating.vendor, "rating": rating}
    return render(request, "factory/vendor_rating_form.html", context, status=form_status(form))


urlpatterns: list[URLPattern] = [
    path("vendors/", vendor_list, name="vendor-list"),
    path("vendors/new/", vendor_new, name="vendor-new"),
    path("vendors/<int:pk>/", vendor_detail, name="vendor-detail"),
    path("vendors/<int:pk>/edit/", vendor_edit, name="vendor-edit"),
    path("vendors/<int:pk>/active/", vendor_active, name="vendor-active"),
    path("vendors/<int:pk>/rate/", vendor_rate, name="vendor-rate"),
    path("vendors/ratings/<int:pk>/edit/", vendor_rating_edit, name="vendor-rating-edit"),
]

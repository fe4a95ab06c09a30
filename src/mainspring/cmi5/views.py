from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mainspring.cmi5 import actions, packages, queries
from mainspring.cmi5.forms import AttachForm, ImportForm
from mainspring.cmi5.models import Course
from mainspring.cmi5.permissions import can_launch, can_manage_courses
from mainspring.cmi5.structure import StructureError
from mainspring.web.http import AuthedRequest, require

# Units may be served from anywhere, so their fetch requests come from other origins.
FETCH_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Cache-Control": "no-store",
}


@login_required
@require_GET
def course_list(request: AuthedRequest) -> HttpResponse:
    require(can_manage_courses(request.user))
    return render(request, "cmi5/course_list.html", {"courses": queries.courses()})


@login_required
@require_http_methods(["GET", "POST"])
def course_import(request: AuthedRequest) -> HttpResponse:
    require(can_manage_courses(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["package"]
        try:
            course = actions.import_course(actor=request.user, upload=upload, filename=upload.name)
        except StructureError as error:
            problems = error.problems
        else:
            messages.success(
                request, f"Imported '{course.title}' with {course.units.count()} units."
            )
            return redirect("cmi5:course-detail", pk=course.pk)
    status = 400 if problems else 200
    context = {"form": form, "problems": problems}
    return render(request, "cmi5/course_import.html", context, status=status)


@login_required
@require_GET
def course_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_manage_courses(request.user))
    course = queries.get_course(pk)
    context = {
        "course": course,
        "outline": queries.outline(course),
        "steps": list(queries.steps_for_attaching()),
    }
    return render(request, "cmi5/course_detail.html", context)


@login_required
@require_POST
def unit_attach(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_manage_courses(request.user))
    unit = queries.get_unit(pk)
    form = AttachForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a step from the list.")
        return redirect("cmi5:course-detail", pk=unit.course_id)
    step = form.cleaned_data["step"]
    try:
        actions.attach_unit(actor=request.user, unit=unit, step=step)
    except actions.Error as error:
        messages.error(request, str(error))
    else:
        done = f"now delivers '{step}'" if step else "is on no step now"
        messages.success(request, f"'{unit.title}' {done}.")
    return redirect("cmi5:course-detail", pk=unit.course_id)


@login_required
@require_POST
def launch(request: AuthedRequest, pk: int) -> HttpResponse:
    require(can_launch(request.user))
    unit = queries.get_unit_to_launch(request.user, pk)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None) or not back.startswith("/"):
        back = "/"  # only a page of this site: the unit sends the learner there at the end
    return_url = request.build_absolute_uri(back)
    try:
        url = actions.launch_unit(
            actor=request.user,
            unit=unit,
            base_url=request.build_absolute_uri("/").rstrip("/"),
            return_url=return_url,
        )
    except actions.Error as error:
        raise Http404(str(error)) from error
    return redirect(url)


@csrf_exempt
@require_http_methods(["POST", "OPTIONS"])
def fetch(request: HttpRequest, token: str) -> HttpResponse:
    # The spec wants 200 with a JSON body, even for a used or unknown token (cmi5 §8.2.2).
    if request.method == "OPTIONS":
        response: HttpResponse = HttpResponse(status=200)
    else:
        response = JsonResponse(actions.fetch_token(token=token))
    for name, value in FETCH_HEADERS.items():
        response[name] = value
    return response


@login_required
@require_GET
def content(request: AuthedRequest, code: UUID, path: str) -> HttpResponseBase:  # noqa: ARG001
    course = Course.objects.filter(code=code, packaged=True).first()
    found = packages.content_file(actions.content_root(course), path) if course else None
    if found is None:
        raise Http404("No such file in the course package.")
    return FileResponse(found.open("rb"))

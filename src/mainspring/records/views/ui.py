"""The records pages: statements, a person's timeline, my records, unmatched links, activities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from mainspring.experiences.models import CatalogItem, Step
from mainspring.org.models import Person
from mainspring.records import actions, activity_stats, permissions, progress
from mainspring.records.models import ActivityLink, ActorLink, Statement
from mainspring.web.http import AuthedRequest, require

PAGE = 50
VERBS = sorted({*progress.VERB_STATUS, progress.SCORED, progress.VOIDED})


def _verb_word(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


class FilterForm(forms.Form):
    verb = forms.ChoiceField(
        choices=[("", "Any verb"), *((v, _verb_word(v)) for v in VERBS)], required=False
    )
    activity = forms.CharField(required=False, label="Activity id contains")
    person = forms.CharField(required=False, label="Person", help_text="HRIS id or e-mail.")


class ActorMapForm(forms.Form):
    person = forms.CharField(label="Person", help_text="Their HRIS id or e-mail address.")

    def clean_person(self) -> Person:
        text = self.cleaned_data["person"].strip()
        found = Person.objects.filter(Q(hris_id=text) | Q(email__iexact=text)).first()
        if found is None:
            raise forms.ValidationError("Nobody has this HRIS id or e-mail address.")
        return found


class ActivityMapForm(forms.Form):
    target = forms.ChoiceField(label="Step or catalogue item")


def _targets() -> list[Any]:
    steps = [
        (f"step:{pk}", f"{path} — {title}")
        for pk, path, title in Step.objects.order_by("path__title", "position", "pk").values_list(
            "pk", "path__title", "title"
        )
    ]
    items = [(f"item:{pk}", t) for pk, t in CatalogItem.objects.values_list("pk", "title")]
    return [("", "Choose…"), ("Path steps", steps), ("Catalogue items", items)]


@dataclass(frozen=True, slots=True)
class Row:
    statement: Statement
    who: str
    person: Person | None
    verb: str
    result: str


def _result_text(data: Any) -> str:
    result = data.get("result") if isinstance(data, dict) else None
    if not isinstance(result, dict):
        return ""
    parts = []
    if result.get("success") is not None:
        parts.append("success" if result["success"] else "no success")
    if result.get("completion") is True:
        parts.append("complete")
    score = progress.score_percent(result)
    if score is not None:
        parts.append(f"{score:g}%")
    return ", ".join(parts)


def _rows(statements: list[Statement]) -> list[Row]:
    """Statements with the person (or the actor's own name) behind each: one more query."""
    links = {
        link.actor_key: link
        for link in ActorLink.objects.filter(
            actor_key__in={s.actor_key for s in statements}
        ).select_related("person")
    }
    rows = []
    for s in statements:
        link = links.get(s.actor_key)
        person = link.person if link else None
        who = person.full_name if person else (link.name if link and link.name else s.actor_key)
        verb = s.data.get("verb", {}).get("display", {}) if isinstance(s.data, dict) else {}
        word = next(iter(verb.values()), "") if isinstance(verb, dict) and verb else ""
        rows.append(Row(s, who, person, word or _verb_word(s.verb), _result_text(s.data)))
    return rows


def _page(request: AuthedRequest, found: QuerySet[Statement]) -> tuple[Page[Statement], list[Row]]:
    page = Paginator(found.order_by("-timestamp", "-stored"), PAGE).get_page(
        request.GET.get("page")
    )
    return page, _rows(list(page.object_list))


def _of_person(person: Person) -> QuerySet[Statement]:
    return Statement.objects.filter(
        actor_key__in=ActorLink.objects.filter(person=person).values("actor_key")
    )


@login_required
@require_GET
def statement_list(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_view_records(request.user):
        raise PermissionDenied
    filters = FilterForm(request.GET)
    found = Statement.objects.all()
    if filters.is_valid():
        d = filters.cleaned_data
        found = found.filter(verb=d["verb"]) if d["verb"] else found
        found = found.filter(activity__icontains=d["activity"]) if d["activity"] else found
        if d["person"]:
            text = d["person"].strip()
            keys = ActorLink.objects.filter(
                Q(person__hris_id=text) | Q(person__email__iexact=text)
            ).values("actor_key")
            found = found.filter(actor_key__in=keys)
    page, rows = _page(request, found)
    context = {"filters": filters, "page": page, "rows": rows}
    if request.htmx:
        return render(request, "records/statement_list.html#results", context)
    return render(request, "records/statement_list.html", context)


@login_required
@require_GET
def person_timeline(request: AuthedRequest, pk: int) -> HttpResponse:
    if not permissions.can_view_records(request.user):
        raise PermissionDenied
    person = get_object_or_404(Person, pk=pk)
    page, rows = _page(request, _of_person(person))
    return render(request, "records/timeline.html", {"person": person, "page": page, "rows": rows})


@login_required
@require_GET
def my_records(request: AuthedRequest) -> HttpResponse:
    person = request.user.person if permissions.has_own_records(request.user) else None
    found = _of_person(person) if person else Statement.objects.none()
    page, rows = _page(request, found)
    context = {"person": person, "page": page, "rows": rows, "mine": True}
    return render(request, "records/timeline.html", context)


def _unmatched(request: AuthedRequest, status: int = 200, **errors: Any) -> HttpResponse:
    actors = ActorLink.objects.filter(person__isnull=True).order_by("-statements", "actor_key")
    activities = ActivityLink.objects.filter(step__isnull=True, catalog_item__isnull=True)
    context = {
        "actors": list(actors[:PAGE]),
        "activities": list(activities.order_by("-statements", "activity")[:PAGE]),
        "targets": _targets(),
        **errors,
    }
    return render(request, "records/unmatched.html", context, status=status)


@login_required
@require_GET
def unmatched(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_map_records(request.user):
        raise PermissionDenied
    return _unmatched(request)


@login_required
@require_POST
def actor_map(request: AuthedRequest, pk: int) -> HttpResponse:
    if not permissions.can_map_records(request.user):
        raise PermissionDenied
    link = get_object_or_404(ActorLink, pk=pk)
    form = ActorMapForm(request.POST)
    if not form.is_valid():
        return _unmatched(request, 400, actor_error=(link.pk, form))
    actions.map_actor(actor=request.user, link=link, person=form.cleaned_data["person"])
    messages.success(request, f"{link.actor_key} is now {form.cleaned_data['person'].full_name}.")
    return redirect("records:unmatched")


@login_required
@require_POST
def activity_map(request: AuthedRequest, pk: int) -> HttpResponse:
    if not permissions.can_map_records(request.user):
        raise PermissionDenied
    link = get_object_or_404(ActivityLink, pk=pk)
    form = ActivityMapForm(request.POST)
    form.fields["target"].choices = _targets()  # type: ignore[attr-defined]  # a ChoiceField
    if not form.is_valid():
        return _unmatched(request, 400, activity_error=(link.pk, form))
    kind, _, target = form.cleaned_data["target"].partition(":")
    step = Step.objects.filter(pk=target).first() if kind == "step" else None
    item = CatalogItem.objects.filter(pk=target).first() if kind == "item" else None
    actions.map_activity(actor=request.user, link=link, step=step, item=item)
    messages.success(request, f"{link.activity} is now linked to {step or item}.")
    return redirect("records:unmatched")


# --- activity statistics


class ActivitySearchForm(forms.Form):
    q = forms.CharField(
        required=False, label="Search", help_text="Activity id, name, step, path or item."
    )


COLUMNS = (
    ("activity", "Activity"),
    ("statements", "Statements"),
    ("learners", "Learners"),
    ("completions", "Completed"),
    ("pass_rate", "Pass rate"),
    ("average_score", "Average score"),
    ("last", "Last activity"),
)


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    next_sort: str  # what a click on the heading sorts by
    aria_sort: str  # "ascending", "descending" or "none"


def _sort(request: AuthedRequest) -> str:
    sort = request.GET.get("sort", "")
    return sort if sort.removeprefix("-") in activity_stats.SORTS else "-statements"


def _columns(sort: str) -> list[Column]:
    columns = []
    for key, label in COLUMNS:
        if sort.removeprefix("-") == key:
            desc = sort.startswith("-")
            aria = "descending" if desc else "ascending"
            columns.append(Column(key, label, key if desc else f"-{key}", aria))
        else:  # names read best A to Z, figures largest first
            columns.append(Column(key, label, key if key == "activity" else f"-{key}", "none"))
    return columns


@login_required
@require_GET
def activity_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_view_records(request.user))
    form = ActivitySearchForm(request.GET)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    sort = _sort(request)
    # One grouped query for all activities (there are far fewer activities than
    # statements), paged here: the paginator's COUNT would scan the statements again.
    found = list(activity_stats.activities(text, sort))
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    rows = activity_stats.describe(list(page.object_list))
    context = {"form": form, "page": page, "rows": rows, "columns": _columns(sort), "sort": sort}
    if request.htmx:
        return render(request, "records/activity_list.html#results", context)
    return render(request, "records/activity_list.html", context)


@login_required
@require_GET
def activity_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(permissions.can_view_records(request.user))
    link = get_object_or_404(
        ActivityLink.objects.select_related("step__path", "catalog_item"), pk=pk
    )
    stats = activity_stats.summary(link.activity)
    bars = activity_stats.score_distribution(link.activity)
    page, rows = _page(request, Statement.objects.filter(activity=link.activity))
    context = {"link": link, "stats": stats, "bars": bars, "page": page, "rows": rows}
    return render(request, "records/activity_detail.html", context)

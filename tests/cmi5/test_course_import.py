"""Importing course structures and packages (cmi5 §13, §14): every problem named, or imported."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mainspring.cmi5 import actions
from mainspring.cmi5.demo import demo_package
from mainspring.cmi5.models import AssignableUnit, Block, Course
from mainspring.cmi5.structure import StructureError, read_structure
from mainspring.experiences.models import Enrolment
from mainspring.records.models import ActivityLink
from tests.cmi5.conftest import NS, au, import_xml, structure
from tests.conftest import Cast
from tests.experiences.factories import steps_of


def problems(xml: bytes, files: frozenset[str] | None = None) -> list[str]:
    with pytest.raises(StructureError) as caught:
        read_structure(xml, files=files)
    return caught.value.problems


def test_a_complete_structure_reads_with_blocks_nested_and_values_trimmed() -> None:
    body = f"""<block id="https://example.com/b1">
      <title><langstring lang="de-DE">Block</langstring><langstring lang="en-US">Block one</langstring></title>
      <description><langstring lang="en-US">B</langstring></description>
      <block id="https://example.com/b2">
        <title><langstring lang="en-US">Inner</langstring></title>
        <description><langstring lang="en-US">I</langstring></description>
        {
        au(
            attrs=' moveOn=" CompletedAndPassed " masteryScore=" 0.75 " launchMethod="OwnWindow"',
            extra="<launchParameters> Start=1 </launchParameters><entitlementKey> k-1 </entitlementKey>",
        )
    }
      </block>
    </block>"""  # noqa: E501
    spec = read_structure(structure(body))
    [(unit, blocks)] = list(spec.units())
    assert [b.title for b in blocks] == ["Block one", "Inner"]
    assert (unit.move_on, unit.mastery_score, unit.launch_method) == (
        "CompletedAndPassed",
        Decimal("0.75"),
        "OwnWindow",
    )
    assert (unit.launch_parameters, unit.entitlement_key) == ("Start=1", "k-1")


def test_the_sandstone_namespace_is_read_too() -> None:
    xml = structure(au()).replace(NS.encode(), b"http://www.adlnet.gov/cmi5/CourseStructure.xsd")
    assert read_structure(xml).publisher_id == "https://example.com/courses/c1"


@pytest.mark.parametrize(
    ("xml", "words"),
    [
        (structure(au()).replace(NS.encode(), b"urn:other"), "namespace 'urn:other'"),
        (b"<courses/>", "root element is <courses>"),
        (b"<courseStructure", "not well-formed XML"),
        (
            b'<!DOCTYPE x [<!ENTITY a "aaaa">]><courseStructure xmlns="' + NS.encode() + b'"/>',
            "DOCTYPE",
        ),
        (structure(au(), course_id=""), "The course has no id"),
        (structure(au(), course_id="not an iri"), "is not an IRI"),
        (structure(""), "no <au>"),
        (structure(au(publisher_id="")), "unit 1 has no id"),
        (structure(au() + au()), "already used by unit 1"),
        (structure(au(url="")), "has no <url>"),
        (structure(au(url="index.html")), "must use fully qualified URLs"),
        (structure(au(url="ftp://example.com/x")), "only web units"),
        (structure(au(attrs='launchMethod="Popup"')), "launchMethod 'Popup' is not one of"),
        (structure(au(attrs='moveOn="Sometimes"')), "moveOn 'Sometimes' is not one of"),
        (structure(au(attrs='masteryScore="high"')), "is not a decimal number"),
        (structure(au(attrs='masteryScore="1.5"')), "must be between 0 and 1"),
        (structure(au(attrs='masteryScore="0.12345"')), "more than 4 decimal places"),
        (structure(au(title="")), "<title> has no <langstring> with text"),
        (
            structure(
                '<block id="https://example.com/b"><title><langstring>B</langstring></title>'
                "<description><langstring>B</langstring></description></block>" + au()
            ),
            "holds no unit and no block",
        ),
    ],
    ids=lambda p: p if isinstance(p, str) else None,
)
def test_a_structure_with_a_problem_is_refused_naming_it(xml: bytes, words: str) -> None:
    found = problems(xml)
    assert any(words in p for p in found), found


def test_every_problem_is_listed_at_once() -> None:
    found = problems(structure(au(attrs='moveOn="x" masteryScore="2"', url="")))
    assert len(found) == 3


def test_relative_urls_in_a_package_must_name_its_files() -> None:
    xml = structure(au(url="pages/start.html") + au("https://example.com/au/2", url="../out.html"))
    found = problems(xml, frozenset({"cmi5.xml", "pages/other.html"}))
    assert any("names no file in the package" in p for p in found)
    assert any("points outside the package" in p for p in found)
    assert read_structure(
        structure(au(url="./pages/start.html?x=1")), files=frozenset({"pages/start.html"})
    )


def _zip(files: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


def test_a_zip_without_cmi5_xml_at_its_root_is_refused(db: None) -> None:
    upload = _zip({"course/cmi5.xml": structure(au())})
    with pytest.raises(StructureError, match=r"no cmi5\.xml at its root"):
        actions.import_course(actor=None, upload=upload, filename="c.zip")


def test_a_zip_member_escaping_the_package_is_refused(db: None) -> None:
    upload = _zip({"cmi5.xml": structure(au()), "../evil.html": b"x"})
    with pytest.raises(StructureError, match="points outside the package"):
        actions.import_course(actor=None, upload=upload, filename="c.zip")
    assert not Course.objects.exists()


def test_a_package_imports_its_structure_and_files(db: None) -> None:
    course = actions.import_course(
        actor=None, upload=io.BytesIO(demo_package()), filename="demo.zip"
    )
    assert course.packaged
    assert (actions.content_root(course) / "au.js").is_file()
    unit = course.units.get()
    assert (unit.url, unit.move_on, unit.mastery_score) == (
        "index.html",
        "CompletedOrPassed",
        Decimal("0.8"),
    )


def test_the_same_course_twice_is_refused(db: None) -> None:
    import_xml(structure(au()))
    with pytest.raises(StructureError, match="already imported"):
        import_xml(structure(au()))


def test_more_than_a_thousand_units_import(db: None) -> None:
    body = "".join(au(f"https://example.com/au/{i}") for i in range(1001))
    course = import_xml(structure(body))
    assert course.units.count() == 1001
    assert not Block.objects.exists()


def test_staff_see_the_problems_of_a_bad_file_on_the_form(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.staff)
    upload = SimpleUploadedFile("cmi5.xml", structure(au(attrs='moveOn="Sometimes"')))
    response = client.post(reverse("cmi5:course-import"), {"package": upload})
    assert response.status_code == 400
    assert "moveOn &#x27;Sometimes&#x27; is not one of" in response.content.decode()
    assert not Course.objects.exists()


def test_staff_import_a_course_and_attach_its_unit_to_a_step(
    cast: Cast, enrolment: Enrolment
) -> None:
    client = Client()
    client.force_login(cast.staff)
    upload = SimpleUploadedFile("course.zip", demo_package())
    response = client.post(reverse("cmi5:course-import"), {"package": upload})
    course = Course.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cmi5:course-detail", args=[course.pk])
    unit = course.units.get()
    step = steps_of(enrolment.path)[1]
    response = client.post(reverse("cmi5:unit-attach", args=[unit.pk]), {"step": step.pk})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.step == step
    assert ActivityLink.objects.get(activity=unit.activity_id).step == step
    detail = client.get(reverse("cmi5:course-detail", args=[course.pk])).content.decode()
    assert f"Delivers <strong>{step.title}</strong>" in detail


def test_a_step_launches_one_unit(cast: Cast, enrolment: Enrolment) -> None:
    first = import_xml(structure(au())).units.get()
    other = import_xml(structure(au(), course_id="https://example.com/courses/c2")).units.get()
    step = steps_of(enrolment.path)[0]
    actions.attach_unit(actor=cast.staff, unit=first, step=step)
    with pytest.raises(actions.Error, match="already launches"):
        actions.attach_unit(actor=cast.staff, unit=other, step=step)
    actions.attach_unit(actor=cast.staff, unit=first, step=None)
    actions.attach_unit(actor=cast.staff, unit=other, step=step)
    assert AssignableUnit.objects.get(step=step) == other
    assert ActivityLink.objects.get(activity=first.activity_id).step is None


def test_learners_cannot_import(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.learner)
    upload = SimpleUploadedFile("cmi5.xml", structure(au()))
    assert client.post(reverse("cmi5:course-import"), {"package": upload}).status_code == 403
    assert not Course.objects.exists()

"""Reading a cmi5 course structure (``cmi5.xml``) into plain values, with every problem named.

Follows cmi5 Quartz §13 (course, block and AU metadata, whitespace trimmed on import) and
§14 (in a zip package relative URLs point at files of the package; a lone ``cmi5.xml``
must use fully qualified URLs). Objectives and vendor extensions are read past: the LMS
does nothing with them (§13.1.5 allows ignoring extensions).

The XML comes from an upload, so the parser refuses any DOCTYPE: no entity can expand.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote, urlsplit
from xml.parsers import expat

from mainspring.cmi5.vocabulary import NAMESPACES

LAUNCH_METHODS = ("AnyWindow", "OwnWindow")
MOVE_ON = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
PREFERRED_LANGS = ("en-us", "en-gb", "en")


class StructureError(Exception):
    """A course structure that cannot be imported; ``problems`` says everything wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class UnitSpec:
    publisher_id: str
    title: str
    description: str
    url: str
    launch_method: str = "AnyWindow"
    move_on: str = "NotApplicable"
    mastery_score: Decimal | None = None
    launch_parameters: str = ""
    entitlement_key: str = ""
    activity_type: str = ""


@dataclass(frozen=True, slots=True)
class BlockSpec:
    publisher_id: str
    title: str
    description: str
    children: tuple[BlockSpec | UnitSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class CourseSpec:
    publisher_id: str
    title: str
    description: str
    children: tuple[BlockSpec | UnitSpec, ...] = ()

    def units(self) -> Iterator[tuple[UnitSpec, tuple[BlockSpec, ...]]]:
        """Every unit in document order, with the blocks it sits in (outermost first)."""
        yield from _walk(self.children, ())


def _walk(
    children: tuple[BlockSpec | UnitSpec, ...], blocks: tuple[BlockSpec, ...]
) -> Iterator[tuple[UnitSpec, tuple[BlockSpec, ...]]]:
    for child in children:
        if isinstance(child, UnitSpec):
            yield child, blocks
        else:
            yield from _walk(child.children, (*blocks, child))


@dataclass
class _Reader:
    ns: str
    files: frozenset[str] | None  # the package's files; None for a cmi5.xml on its own
    problems: list[str] = field(default_factory=list)
    seen_ids: dict[str, str] = field(default_factory=dict)

    def tag(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def local(self, element: ET.Element) -> str | None:
        prefix = f"{{{self.ns}}}"
        return element.tag[len(prefix) :] if element.tag.startswith(prefix) else None

    def langstring(self, parent: ET.Element, name: str, where: str) -> str:
        holder = parent.find(self.tag(name))
        if holder is None:
            self.problems.append(f"{where} has no <{name}>.")
            return ""
        texts: dict[str, str] = {}
        for item in holder.findall(self.tag("langstring")):
            text = " ".join((item.text or "").split())
            if text:
                texts.setdefault((item.get("lang") or "").strip().lower(), text)
        if not texts:
            self.problems.append(f"{where}: <{name}> has no <langstring> with text.")
            return ""
        for lang in PREFERRED_LANGS:
            if lang in texts:
                return texts[lang]
        return next(iter(texts.values()))

    def identifier(self, element: ET.Element, where: str) -> str:
        value = (element.get("id") or "").strip()
        if not value:
            self.problems.append(f"{where} has no id.")
        elif not IRI.match(value):
            self.problems.append(f"{where}: id {value!r} is not an IRI (for example https://…).")
        elif value in self.seen_ids:
            self.problems.append(
                f"{where}: id {value!r} is already used by {self.seen_ids[value]}; "
                "ids must be unique in the course structure."
            )
        else:
            self.seen_ids[value] = where
        return value

    def child_text(self, parent: ET.Element, name: str) -> str | None:
        found = parent.find(self.tag(name))
        return None if found is None else (found.text or "").strip()

    def unit(self, element: ET.Element, where: str) -> UnitSpec:
        publisher_id = self.identifier(element, where)
        where = f"{where} ({publisher_id})" if publisher_id else where
        title = self.langstring(element, "title", where)
        description = self.langstring(element, "description", where)
        launch_method = (element.get("launchMethod") or "AnyWindow").strip()
        if launch_method not in LAUNCH_METHODS:
            self.problems.append(
                f"{where}: launchMethod {launch_method!r} is not one of "
                f"{', '.join(LAUNCH_METHODS)}."
            )
        move_on = (element.get("moveOn") or "NotApplicable").strip()
        if move_on not in MOVE_ON:
            self.problems.append(f"{where}: moveOn {move_on!r} is not one of {', '.join(MOVE_ON)}.")
        activity_type = (element.get("activityType") or "").strip()
        if activity_type and not IRI.match(activity_type):
            self.problems.append(f"{where}: activityType {activity_type!r} is not an IRI.")
        return UnitSpec(
            publisher_id=publisher_id,
            title=title,
            description=description,
            url=self.url(element, where),
            launch_method=launch_method,
            move_on=move_on,
            mastery_score=self.mastery(element, where),
            launch_parameters=self.child_text(element, "launchParameters") or "",
            entitlement_key=self.child_text(element, "entitlementKey") or "",
            activity_type=activity_type,
        )

    def mastery(self, element: ET.Element, where: str) -> Decimal | None:
        raw = element.get("masteryScore")
        if raw is None:
            return None
        try:
            score = Decimal(raw.strip())
        except InvalidOperation:
            self.problems.append(f"{where}: masteryScore {raw!r} is not a decimal number.")
            return None
        exponent = score.as_tuple().exponent
        if not score.is_finite() or not Decimal(0) <= score <= Decimal(1):
            self.problems.append(f"{where}: masteryScore {raw!r} must be between 0 and 1.")
            return None
        if isinstance(exponent, int) and exponent < -4:  # noqa: PLR2004  (four places, §13.1.4)
            self.problems.append(f"{where}: masteryScore {raw!r} has more than 4 decimal places.")
            return None
        return score

    def url(self, element: ET.Element, where: str) -> str:
        url = self.child_text(element, "url")
        if not url:
            self.problems.append(f"{where} has no <url>: the LMS cannot launch it.")
            return ""
        parts = urlsplit(url)
        if parts.scheme:
            if parts.scheme not in ("http", "https"):
                self.problems.append(
                    f"{where}: url {url!r} uses {parts.scheme}:, but only web units "
                    "(http or https) can be launched here."
                )
            return url
        if self.files is None:
            self.problems.append(
                f"{where}: url {url!r} is relative; a cmi5.xml imported on its own must use "
                "fully qualified URLs (import the zip package instead)."
            )
        else:
            path = posixpath.normpath(unquote(parts.path))
            if path.startswith(("../", "/")) or path == "..":
                self.problems.append(f"{where}: url {url!r} points outside the package.")
            elif path not in self.files:
                self.problems.append(f"{where}: url {url!r} names no file in the package.")
        return url

    def children(self, parent: ET.Element, where: str) -> tuple[BlockSpec | UnitSpec, ...]:
        found: list[BlockSpec | UnitSpec] = []
        units = blocks = 0
        for element in parent:
            name = self.local(element)
            if name == "au":
                units += 1
                found.append(self.unit(element, f"{where}, unit {units}".lstrip(", ")))
            elif name == "block":
                blocks += 1
                found.append(self.block(element, f"{where}, block {blocks}".lstrip(", ")))
        return tuple(found)

    def block(self, element: ET.Element, where: str) -> BlockSpec:
        publisher_id = self.identifier(element, where)
        label = f"{where} ({publisher_id})" if publisher_id else where
        title = self.langstring(element, "title", label)
        description = self.langstring(element, "description", label)
        children = self.children(element, where)
        if not children:
            self.problems.append(f"{label} holds no unit and no block; a block needs at least one.")
        return BlockSpec(publisher_id, title, description, children)


def _parse(xml: bytes) -> ET.Element:
    # A first pass with expat alone refuses any DOCTYPE (so no entity can expand); only
    # then does ElementTree build the tree.
    checker = expat.ParserCreate()

    def refuse(*_: object) -> None:
        raise StructureError(["The file declares a DOCTYPE; a cmi5.xml has none (§13.2)."])

    checker.StartDoctypeDeclHandler = refuse
    try:
        checker.Parse(xml, True)
    except expat.ExpatError as exc:
        raise StructureError([f"The file is not well-formed XML: {exc}."]) from exc
    return ET.fromstring(xml)  # noqa: S314  (checked above: no DOCTYPE, so no entities)


def read_structure(xml: bytes, *, files: frozenset[str] | None = None) -> CourseSpec:
    """Read and check a course structure; raise :class:`StructureError` naming every problem.

    Args:
        xml: the bytes of ``cmi5.xml``.
        files: the paths of the files in the zip package (``/``-separated, relative to
            its root), or None for a ``cmi5.xml`` imported on its own.
    """
    root = _parse(xml)
    ns, _, name = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
    if name != "courseStructure":
        raise StructureError([f"The root element is <{name}>; a cmi5.xml has <courseStructure>."])
    if ns not in NAMESPACES:
        raise StructureError(
            [
                f"<courseStructure> is in namespace {ns or 'none'!r}; cmi5 uses "
                f"{NAMESPACES[0]!r} (xmlns on the root element)."
            ]
        )
    reader = _Reader(ns, files)
    courses = root.findall(reader.tag("course"))
    if len(courses) != 1:
        raise StructureError([f"A course structure has one <course>; this one has {len(courses)}."])
    course = courses[0]
    publisher_id = reader.identifier(course, "The course")
    title = reader.langstring(course, "title", "The course")
    description = reader.langstring(course, "description", "The course")
    children = reader.children(root, "")
    spec = CourseSpec(publisher_id, title, description, children)
    if not any(True for _ in spec.units()):
        reader.problems.append("The course has no <au>: there is nothing to launch.")
    if reader.problems:
        raise StructureError(reader.problems)
    return spec

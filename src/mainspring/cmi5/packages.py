"""cmi5 course packages (cmi5 Quartz §14): a zip with ``cmi5.xml`` at its root, or the XML alone.

Packages come from uploads, so member names are checked before anything is written
(no absolute paths, no ``..``), and the number and total size of the files are capped.
Unpacked files live under ``DATA_DIR/cmi5/<course code>/`` and are served by a view, so
a course works without any other web server and without the internet.
"""

from __future__ import annotations

import posixpath
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mainspring.cmi5.structure import StructureError

STRUCTURE_NAME = "cmi5.xml"
MAX_FILES = 20_000
MAX_BYTES = 2 * 1024**3  # unpacked


@dataclass(frozen=True, slots=True)
class Package:
    """What an upload holds: the course structure and, for a zip, the member files."""

    structure: bytes
    files: frozenset[str] | None  # None: a cmi5.xml on its own


def _safe_name(name: str) -> str | None:
    """The member's path inside the package, or None when it must not be written."""
    if "\\" in name or name.startswith("/") or ":" in name.split("/", 1)[0]:
        return None
    path = posixpath.normpath(name)
    if path == ".." or path.startswith("../"):
        return None
    return path


def read_package(upload: BinaryIO, filename: str) -> Package:
    """Read an uploaded ``.zip`` package or ``cmi5.xml``; raise StructureError when unusable."""
    if not filename.lower().endswith(".zip"):
        return Package(upload.read(), None)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_FILES:
                raise StructureError([f"The package holds more than {MAX_FILES} files."])
            if sum(m.file_size for m in members) > MAX_BYTES:
                raise StructureError(["The package unpacks to more than 2 GB."])
            names: set[str] = set()
            for member in members:
                safe = _safe_name(member.filename)
                if safe is None:
                    raise StructureError(
                        [f"The package member {member.filename!r} points outside the package."]
                    )
                names.add(safe)
            if STRUCTURE_NAME not in names:
                raise StructureError(
                    ["The zip has no cmi5.xml at its root (§14.1); put it next to the top folder."]
                )
            return Package(archive.read(STRUCTURE_NAME), frozenset(names))
    except zipfile.BadZipFile as exc:
        raise StructureError(["The file is not a readable zip archive."]) from exc


def unpack(upload: BinaryIO, target: Path) -> None:
    """Write every file of the (already read) zip package under ``target``."""
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        for member in archive.infolist():
            safe = _safe_name(member.filename)
            if member.is_dir() or safe is None:
                continue
            destination = target / safe
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, destination.open("wb") as out:
                shutil.copyfileobj(source, out)


def content_file(root: Path, path: str) -> Path | None:
    """The file a content URL names under ``root``, or None when there is none (or it escapes)."""
    safe = _safe_name(path)
    if safe is None or safe == ".":
        return None
    found = (root / safe).resolve()
    if not found.is_relative_to(root.resolve()) or not found.is_file():
        return None
    return found

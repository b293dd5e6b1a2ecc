"""A folder of wheels seen from 64-bit Windows: what nq57xl needs there, and what is missing.

pip evaluates environment markers on the machine it runs on, whatever ``--platform``
says: on Linux, ``pywin32; platform_system == "Windows"`` (xlwings) and
``colorama; platform_system == "Windows"`` (typer) are dropped from both ``pip download``
and ``pip install --dry-run``. :func:`windows_closure` walks the requirements from the
wheels' own metadata with the markers of CPython on Windows x64, so the bundle can fetch
what pip left out and prove, without pip, that the folder holds a wheel for everything.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

from packaging.markers import InvalidMarker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import (
    InvalidWheelFilename,
    canonicalize_name,
    parse_wheel_filename,
)
from packaging.version import Version

PLATFORM = "win_amd64"


@dataclass(frozen=True)
class Wheel:
    """One wheel file: its distribution, version, tags and requirements."""

    path: Path
    name: str
    version: Version
    tags: frozenset[Tag]
    requires: tuple[str, ...]


@dataclass(frozen=True)
class Closure:
    """What Windows installs for a requirement from a folder, and what it lacks."""

    installed: tuple[str, ...]  #: "name==version", sorted
    missing: tuple[str, ...]  #: requirements (markers dropped) no wheel of the folder satisfies


def read_wheels(folder: Path) -> list[Wheel]:
    """Every wheel of ``folder`` with the Requires-Dist of its METADATA."""
    wheels = []
    for path in sorted(folder.glob("*.whl")):
        try:
            name, version, _build, tags = parse_wheel_filename(path.name)
            with zipfile.ZipFile(path) as archive:
                meta = next(n for n in archive.namelist()
                            if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
                text = archive.read(meta).decode("utf-8")
        except (InvalidWheelFilename, zipfile.BadZipFile, StopIteration, OSError) as exc:
            raise ValueError(f"{path.name}: not a readable wheel ({exc})") from None
        requires = tuple(Parser().parsestr(text, headersonly=True).get_all("Requires-Dist") or ())
        wheels.append(Wheel(path, canonicalize_name(name), version, frozenset(tags), requires))
    return wheels


def windows_environment(python: str) -> dict[str, str]:
    """The marker values of CPython ``python`` ("3.12") on 64-bit Windows."""
    return {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows",
            "platform_machine": "AMD64", "platform_release": "10", "platform_version": "10.0",
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "implementation_version": f"{python}.0", "python_version": python,
            "python_full_version": f"{python}.0", "extra": ""}


def supported_tags(python: str) -> set[Tag]:
    version = tuple(int(part) for part in python.split("."))
    return set(cpython_tags(version, platforms=[PLATFORM])) | set(
        compatible_tags(version, interpreter=f"cp{python.replace('.', '')}", platforms=[PLATFORM]))


def windows_closure(wheels: list[Wheel], root: str, python: str) -> Closure:
    """Follow ``root`` ("nq57xl") through the wheels' requirements as Windows would."""
    env, tags = windows_environment(python), supported_tags(python)
    usable = [w for w in wheels if w.tags & tags]
    chosen: dict[str, Wheel] = {}
    missing: list[str] = []
    pending = [root]
    while pending:
        text = pending.pop()
        try:
            requirement = Requirement(text)
            if requirement.marker is not None and not requirement.marker.evaluate(env):
                continue
        except (InvalidRequirement, InvalidMarker):
            missing.append(text)
            continue
        name = canonicalize_name(requirement.name)
        wanted = f"{requirement.name}{requirement.specifier}"  # without its marker, for pip
        if name in chosen:
            if not requirement.specifier.contains(chosen[name].version, prereleases=True):
                missing.append(wanted)
            continue
        fits = [w for w in usable if w.name == name and
                requirement.specifier.contains(w.version, prereleases=True)]
        if not fits:
            missing.append(wanted)
            continue
        chosen[name] = max(fits, key=lambda w: w.version)
        pending += list(chosen[name].requires)
    installed = tuple(sorted(f"{w.name}=={w.version}" for w in chosen.values()))
    return Closure(installed, tuple(sorted(set(missing))))

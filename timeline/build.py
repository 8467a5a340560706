"""Compiled or plain: which form of the extraction modules this process runs.

``setup.py`` compiles the per-sentence extraction modules with mypyc; the compiled
modules call one another directly, so they are used all together or not at all. The
plain modules are used instead, for every ``timeline`` module, when

- ``TIMELINE_PURE_PYTHON`` is set (to anything but ``0``), or
- any compiled module is older than its source: the source was edited after the build
  (a warning says so once; ``pip install -e .`` or ``make`` builds again).

Installed by ``timeline/__init__.py`` before any other module of the package loads.
"""
from __future__ import annotations

import importlib.machinery
import os
import sys
import warnings
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_SLACK = 2.0  # seconds: files unpacked from one wheel may differ by this much


def compiled_modules() -> dict[Path, Path]:
    """Each compiled module of the package (its extension file) -> its source file."""
    found: dict[Path, Path] = {}
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        for ext in PACKAGE.rglob("*" + suffix):
            source = ext.with_name(ext.name[: -len(suffix)] + ".py")
            if source.exists():
                found.setdefault(ext, source)
    return found


def stale_modules() -> list[Path]:
    """Sources edited after their compiled module was built."""
    return [src for ext, src in compiled_modules().items()
            if src.stat().st_mtime > ext.stat().st_mtime + _SLACK]


def plain_wanted() -> str | None:
    """Why this process must run the plain modules, or None to run compiled ones."""
    if os.environ.get("TIMELINE_PURE_PYTHON", "") not in ("", "0"):
        return "TIMELINE_PURE_PYTHON is set"
    stale = stale_modules()
    if stale:
        names = ", ".join(sorted(str(p.relative_to(PACKAGE.parent)) for p in stale))
        return f"compiled modules are older than their sources ({names}); rebuild with pip install -e ."
    return None


class PlainFinder:
    """Finds ``timeline`` modules as source files only (ignores compiled ones)."""

    @classmethod
    def find_spec(cls, name: str, path=None, target=None):
        if not name.startswith("timeline.") or not path:
            return None
        loaders = [(importlib.machinery.SourceFileLoader, importlib.machinery.SOURCE_SUFFIXES)]
        for entry in path:
            spec = importlib.machinery.FileFinder(entry, *loaders).find_spec(name, target)
            if spec is not None:
                return spec
        return None


def install() -> str | None:
    """Put :class:`PlainFinder` first when the plain modules must run; say why."""
    reason = plain_wanted()
    if reason is not None and not any(f is PlainFinder for f in sys.meta_path):
        sys.meta_path.insert(0, PlainFinder)
        if "TIMELINE_PURE_PYTHON" not in reason:
            warnings.warn(f"timeline: {reason}; running the plain Python modules",
                          RuntimeWarning, stacklevel=2)
    return reason


def running_compiled() -> bool:
    """Whether the extraction pipeline in this process is the compiled one."""
    from timeline import pipeline
    return not str(getattr(pipeline, "__file__", "")).endswith(".py")

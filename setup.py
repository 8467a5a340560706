"""Build script: compiles the extraction modules with mypyc (a compiler for typed Python,
part of mypy); the same modules run as plain Python when not compiled.

``TIMELINE_PURE_PYTHON=1 pip install -e .`` installs without compiling. If compiling
fails (no C compiler, no Python headers), the modules stay plain Python: the
extensions are optional. Metadata and dependencies are in ``pyproject.toml``.
"""
from __future__ import annotations

import os

from setuptools import setup

# the per-sentence work of `timeline.pipeline.extract`; every other module stays plain
COMPILED = [
    "timeline/memo.py",
    "timeline/normalize.py",
    "timeline/segment.py",
    "timeline/actors.py",
    "timeline/eventtypes.py",
    "timeline/events.py",
    "timeline/cuemarks.py",
    "timeline/frames.py",
    "timeline/roles.py",
    "timeline/merge.py",
    "timeline/dating.py",
    "timeline/pipeline.py",
    "timeline/dates/__init__.py",
    "timeline/dates/base.py",
    "timeline/dates/rules.py",
    "timeline/dates/handlers.py",
    "timeline/dates/combine.py",
]


def _extensions() -> list:
    if os.environ.get("TIMELINE_PURE_PYTHON", "") not in ("", "0"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    exts = mypycify(["--ignore-missing-imports", *COMPILED], opt_level="3")
    for ext in exts:
        ext.optional = True  # a failed compile leaves the plain module in place
    return exts


setup(ext_modules=_extensions())

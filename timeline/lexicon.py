"""Language data: the only module that reads ``data/``.

Each file is validated row by row; a bad row is a ``DataFileError`` naming
``file:line``. Entries are folded with ``normalize.fold`` so that matching runs on
normalised text. Loaded lexicons are cached per language and per file mtimes.
"""
from __future__ import annotations

import csv
import json
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from timeline import config
from timeline.errors import DataFileError


def data_dir() -> Path:
    return config.DATA_DIR


def read_tsv(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a tab-separated data file as dicts, with their line numbers.

    The first non-comment line must be the header and must start with ``columns``;
    lines starting with ``#`` and blank lines are skipped.
    """
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as err:
        raise DataFileError(f"cannot read data file: {err.strerror}", str(path)) from err
    with handle:
        header: list[str] | None = None
        for lineno, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
            if header is None:
                header = [c.strip() for c in cells]
                if tuple(header[: len(columns)]) != columns:
                    raise DataFileError(
                        f"header must start with {'/'.join(columns)}, got {'/'.join(header)}",
                        str(path), lineno)
                continue
            if len(cells) > len(header):
                raise DataFileError(f"{len(cells)} columns, header has {len(header)}", str(path), lineno)
            cells += [""] * (len(header) - len(cells))
            yield lineno, {k: v.strip() for k, v in zip(header, cells)}


def load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as err:
        raise DataFileError(f"cannot read data file: {err.strerror}", str(path)) from err
    except tomllib.TOMLDecodeError as err:
        raise DataFileError(f"not valid TOML: {err}", str(path)) from err


def load_ui(lang: str) -> dict[str, str]:
    """Interface labels of the dashboard for ``lang`` (``data/<lang>/ui.json``)."""
    path = data_dir() / lang / "ui.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise DataFileError(f"cannot read data file: {err.strerror}", str(path)) from err
    except json.JSONDecodeError as err:
        raise DataFileError(f"not valid JSON: {err.msg}", str(path), err.lineno) from err
    if not isinstance(data, dict):
        raise DataFileError("expected a JSON object of labels", str(path))
    return {str(k): str(v) for k, v in data.items()}

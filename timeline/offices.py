"""Who held an office on a day: "the Iranian president" in an article of 2015 is Hassan
Rouhani, in 2025 Masoud Pezeshkian.

Two data files, no language in them: ``data/offices.tsv`` (state code, office, actor id,
from, to; a date may be a year or a month, taken as its first day for ``from`` and its
last for ``to``) and ``data/office_roles.tsv`` (the role of ``roles.tsv`` that names an
office: "foreign minister" -> ``foreign_minister``; a row with a state code overrides the
general row for that state: Iran's president heads the government, not the state).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from timeline.errors import DataFileError
from timeline.lexicon import Registry, data_dir, read_tsv

OFFICE_COLUMNS = ("code", "office", "actor_id", "from", "to")
ROLE_COLUMNS = ("role", "office", "code")


def _bound(value: str, last: bool, path: Path, lineno: int) -> date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a day: the first of the period, or with
    ``last`` its last day; empty is open."""
    if not value:
        return None
    parts = value.split("-")
    try:
        nums = [int(p) for p in parts]
        if len(nums) == 1:
            return date(nums[0], 12, 31) if last else date(nums[0], 1, 1)
        if len(nums) == 2:
            day = calendar.monthrange(nums[0], nums[1])[1] if last else 1
            return date(nums[0], nums[1], day)
        if len(nums) == 3:
            return date(nums[0], nums[1], nums[2])
    except ValueError:
        pass
    raise DataFileError(f"not a year, month or ISO date: {value!r}", str(path), lineno)


@dataclass(frozen=True)
class Offices:
    """Office holders by (state code, office), and the office each role names."""

    holders: dict[tuple[str, str], list[tuple[date | None, date | None, str]]] = \
        field(default_factory=dict)
    roles: dict[tuple[str, str], str] = field(default_factory=dict)  # (role, code or "") -> office

    def holder(self, role: str, code: str, when: date | None) -> str | None:
        """The actor id of the one person who held the office ``role`` names for ``code``
        on ``when``; None when the role names no office, the day is unknown, or the record
        gives nobody or more than one person (a handover on that very day)."""
        office = self.roles.get((role, code)) or self.roles.get((role, ""))
        if office is None or when is None:
            return None
        found = {aid for start, end, aid in self.holders.get((code, office), ())
                 if (start is None or start <= when) and (end is None or when <= end)}
        return found.pop() if len(found) == 1 else None


def load_offices(registry: Registry) -> Offices:
    """``data/offices.tsv`` and ``data/office_roles.tsv``, checked against ``registry``."""
    holders: dict[tuple[str, str], list[tuple[date | None, date | None, str]]] = {}
    path = data_dir() / "offices.tsv"
    for lineno, row in read_tsv(path, OFFICE_COLUMNS):
        if row["actor_id"] not in registry.rows:
            raise DataFileError(f"unknown actor {row['actor_id']!r}", str(path), lineno)
        holders.setdefault((row["code"], row["office"]), []).append(
            (_bound(row["from"], False, path, lineno), _bound(row["to"], True, path, lineno),
             row["actor_id"]))
    offices = {office for _code, office in holders}
    roles: dict[tuple[str, str], str] = {}
    path = data_dir() / "office_roles.tsv"
    for lineno, row in read_tsv(path, ROLE_COLUMNS):
        if row["office"] not in offices:
            raise DataFileError(f"no one holds office {row['office']!r} in offices.tsv",
                                str(path), lineno)
        roles[(row["role"], row["code"])] = row["office"]
    return Offices(holders, roles)

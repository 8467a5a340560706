"""The event types and what the extraction knows of each: one table, read by the steps
that treat types differently (roles in ``frames``, dates in ``dating``, one act per
report in ``merge`` and ``crossmerge``). Rules that name a single type stay with their
step; a property several types share is a column here."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    name: str
    symmetric: bool = False  # both sides act together: actors compared as one set ("talks")
    statement: bool = False  # said by a speaker: the reporting frame's speaker is its source
    speaker_joins: bool = False  # a statement whose speaker joins the named source ("offered")
    proposal: bool = False  # a date well after it dates what is proposed, not the act
    request: bool = False  # a refusal after it answers it; its noun after it is its content
    raised_at_talks: bool = False  # what parties put to each other at their talks
    encounter: bool = False  # the parties meet: other acts between them may take place during it
    during_encounter: bool = False  # what the same parties do during one visit or round of talks


#: In the order the types are listed everywhere (reports, figures, the command line).
TABLE: tuple[EventType, ...] = (
    EventType("talks", symmetric=True, encounter=True, during_encounter=True),
    EventType("visit", encounter=True, during_encounter=True),
    EventType("invitation", proposal=True, request=True),
    EventType("rejection", statement=True, raised_at_talks=True),
    EventType("accusation", statement=True),
    EventType("condemnation", statement=True),
    EventType("offer", statement=True, speaker_joins=True, proposal=True, request=True,
              raised_at_talks=True),
    EventType("support", statement=True, speaker_joins=True, raised_at_talks=True),
    EventType("agreement", symmetric=True, during_encounter=True),
    EventType("appeal", statement=True, proposal=True, request=True, raised_at_talks=True),
    EventType("sanction"),
    EventType("threat", statement=True, proposal=True),
)

EVENT_TYPES: tuple[str, ...] = tuple([t.name for t in TABLE])
SYMMETRIC: tuple[str, ...] = tuple([t.name for t in TABLE if t.symmetric])
STATEMENT_TYPES: tuple[str, ...] = tuple([t.name for t in TABLE if t.statement])
SPEAKER_JOINS: tuple[str, ...] = tuple([t.name for t in TABLE if t.speaker_joins])
PROPOSALS: tuple[str, ...] = tuple([t.name for t in TABLE if t.proposal])
REQUESTS: tuple[str, ...] = tuple([t.name for t in TABLE if t.request])
RAISED_AT_TALKS: tuple[str, ...] = tuple([t.name for t in TABLE if t.raised_at_talks])
ENCOUNTERS: tuple[str, ...] = tuple([t.name for t in TABLE if t.encounter])
DURING_ENCOUNTER: tuple[str, ...] = tuple([t.name for t in TABLE if t.during_encounter])

"""Diplomatic-event timeline: extract dated events from Arabic and English articles."""
from timeline import build as _build

_build.install()  # compiled extraction modules, or the plain ones (see timeline.build)

from timeline.model import Actor, Article, Event, EventDate

__version__ = "0.1.0"
__all__ = ["Actor", "Article", "Event", "EventDate", "__version__"]

"""Rasa's SQL tracker store, storing conversations with personal numbers masked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from privacy.masking import install_log_masking, mask_in

# The Rasa server loads this module at start-up: from then on its logs are masked too.
install_log_masking()


class MaskingSQLTrackerStore(SQLTrackerStore):
    """Stores every new event with ID, phone and bank card numbers masked.

    The conversation in memory is untouched, so the current turn still sees what the resident
    typed; only what is written to the database (and read back later) is masked.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # endpoints.yml fills every field from the environment; an empty one means "not set".
        for name in ("host", "port", "username", "password"):
            if kwargs.get(name) == "":
                kwargs[name] = None
        super().__init__(*args, **kwargs)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        for event in super()._additional_events(session, tracker):
            yield Event.from_parameters(mask_in(event.as_dict()))

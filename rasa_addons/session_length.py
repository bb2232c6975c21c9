"""A conversation session ends after a number of resident messages, as it does after idle hours.

Every turn Rasa loads the session from the store, predicts from all of it and sends all of it to
the action server with each action, so a turn costs what the session holds. A session ends
after four idle hours and when a guide worked, but a resident who keeps going without saying a
guide worked (guide after guide, not done) had one session growing for ever: 200 turns in,
every turn read, rebuilt and sent some 3,000 events. Now the resident's next message after
`MESSAGES_PER_SESSION` of them starts a new session first, exactly as after idle hours: Rasa's
`action_session_start`, with every slot carried over (each once), so the guide, its step and
the offer just made go on as if nothing happened. The rules look at the latest message and the
slots only, and a typed answer is still read against the offer carried over.
"""

from __future__ import annotations

from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

# Few enough that the last turn of a session costs little more than the first. (A worker taking
# over is shown the turns before a new session too: handoff/context.py reads past its start.)
MESSAGES_PER_SESSION = 40


def messages_in_session(tracker: DialogueStateTracker) -> int:
    """The resident's messages in the tracker's latest session (a message read again against
    an offer counts once)."""
    return sum(isinstance(event, UserUttered) for event in tracker.applied_events())


def install() -> None:
    """Make Rasa's sessions of this process end after MESSAGES_PER_SESSION messages too."""
    expired_for_rasa = MessageProcessor._has_session_expired
    if getattr(expired_for_rasa, "counts_messages", False):
        return

    def has_session_expired(self: MessageProcessor, tracker: DialogueStateTracker) -> bool:
        if expired_for_rasa(self, tracker):
            return True
        return (
            self.domain.session_config.are_sessions_enabled()
            and messages_in_session(tracker) >= MESSAGES_PER_SESSION
        )

    has_session_expired.counts_messages = True  # type: ignore[attr-defined]
    MessageProcessor._has_session_expired = has_session_expired  # type: ignore[method-assign]

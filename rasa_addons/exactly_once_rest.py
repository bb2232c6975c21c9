"""Rasa's REST channel, processing each resident message at most once.

A gateway that lost Rasa's answer (a timeout, a dropped connection, a 5xx) cannot know whether
Rasa processed the message, so it sends it again. A message that carries `message_id` in its
metadata (Telegram's update, or an id a REST client chooses) and that this conversation has
already received is not processed again: the replies it got the first time are sent instead.
Only a message that got no reply at all (an action failed: Rasa keeps the message but loses the
action's events, and the gateway heard nothing) is processed again, as nothing was said twice.
The check runs under the conversation's lock (Rasa's lock store, Redis across instances), so a
retry that arrives while the first delivery is still being processed waits for it. A finished
guide starts a new session, so a message sent again may be found in the session before. Only
the messages of those sessions are read, however long the conversation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.events import BotUttered, Event, UserUttered
from sanic import Blueprint, Sanic

MESSAGE_ID = "message_id"


class ExactlyOnceRestInput(RestInput):
    """`POST /webhooks/rest/webhook`, as Rasa's own, with duplicates answered from the record."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def once(message: UserMessage) -> None:
            message_id = (message.metadata or {}).get(MESSAGE_ID)
            agent = Sanic.get_app().ctx.agent
            if not message_id or not agent.is_ready():
                await on_new_message(message)
                return
            async with agent.lock_store.lock(message.sender_id):
                earlier = await earlier_replies(agent.tracker_store, message.sender_id, message_id)
                if not earlier:  # never received, or received and never answered
                    await agent.processor.handle_message(message)
                    return
            for reply in earlier:
                await message.output_channel.send_response(message.sender_id, reply)

        return super().blueprint(once)


async def earlier_replies(
    store: TrackerStore, sender_id: str, message_id: Any
) -> list[dict[str, Any]] | None:
    """The replies `message_id` got, looked for in the current session; in a session no
    message has reached yet, also in the one before (the message that ended the last session
    may be the one sent again).

    Our store is asked only for what was said (the resident's and the assistant's messages) in
    those sessions; any other store, for the sessions themselves (the whole conversation when
    the session before is needed).
    """
    reader = session_reader(store)
    if reader is None:
        tracker = await store.retrieve(sender_id)
        if tracker is None:
            return None
        if not _has_message(tracker.events):
            tracker = await store.retrieve_full_tracker(sender_id) or tracker
        return replies_to(tracker.events, str(message_id))
    said = await reader.said_in_latest_sessions(sender_id, 1)
    if said is None:
        return None
    if not _has_message(said):
        said = await reader.said_in_latest_sessions(sender_id, 2)
    return replies_to(said or [], str(message_id))


def session_reader(store: TrackerStore) -> Any:
    """Our conversation store inside Rasa's wrappers (which keep it as `_tracker_store`), or
    None for another store."""
    inner: Any = store
    while not hasattr(inner, "said_in_latest_sessions") and hasattr(inner, "_tracker_store"):
        inner = inner._tracker_store
    return inner if hasattr(inner, "said_in_latest_sessions") else None


def _has_message(events: Any) -> bool:
    return any(isinstance(event, UserUttered) for event in events)


def replies_to(events: Any, message_id: str) -> list[dict[str, Any]] | None:
    """What the assistant answered the message `message_id`, or None if it never arrived.

    A message read against an offer is stored twice with the same id (as typed, then as the
    button it meant); the replies follow the last of them.
    """
    events = list(events)
    received = [
        index
        for index, event in enumerate(events)
        if isinstance(event, UserUttered) and str(_id_of(event)) == message_id
    ]
    if not received:
        return None
    replies = []
    for event in events[received[-1] + 1 :]:
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            replies.append(event.message())
    return replies


def _id_of(event: Event) -> Any:
    return (event.metadata or {}).get(MESSAGE_ID)

"""What the chats of channels that address a person by a recipient id (WeChat's openid, the
web chat's conversation id) share: where their answers go, no typing indicator, and the wait
and the apology said as the gateway's own notices."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from bot.notices import Notices
from bot.pending import Address


class RecipientChat:
    """A subclass keeps `_recipient` and `_notices`, and says a notice with `say`."""

    _recipient: str
    _notices: Notices

    @property
    def address(self) -> Address:
        """Where this chat's answers go, as kept with a waiting turn."""
        return Address(recipient=self._recipient)

    @contextlib.asynccontextmanager
    async def typing(self) -> AsyncIterator[None]:
        """Nothing: these channels show no typing (the page waits visibly on its own side;
        WeChat's indicator would cost a call per turn for little)."""
        yield

    async def tell_to_wait(self) -> None:
        await self.say(self._notices.waiting)

    async def apologise(self) -> None:
        await self.say(self._notices.sorry)

    async def say(self, text: str) -> None:
        raise NotImplementedError

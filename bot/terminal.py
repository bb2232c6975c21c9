"""Chat with the assistant in a terminal: buttons are shown as numbered choices."""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Callable

import httpx

from bot.rasa_client import BotMessage, Button, RasaClient

QUIT_WORDS = {"/quit", "/exit", "退出聊天"}


def render(replies: list[BotMessage]) -> tuple[str, list[Button]]:
    """The replies as terminal text, and the buttons in the order they are numbered."""
    lines, buttons = [], []
    for reply in replies:
        if reply.text:
            lines.append(f"助手：{reply.text}")
        if reply.image:
            lines.append(f"      [图片] {reply.image}")
        for button in reply.buttons:
            buttons.append(button)
            lines.append(f"      {len(buttons)}. {button.title}")
    return "\n".join(lines), buttons


def resolve_choice(typed: str, buttons: list[Button]) -> str:
    """A typed button number becomes that button's payload; anything else is sent as typed."""
    typed = typed.strip()
    if typed.isdigit() and 1 <= int(typed) <= len(buttons):
        return buttons[int(typed) - 1].payload
    return typed


async def chat(client: RasaClient, read: Callable[[str], str] = input) -> None:
    """Run the conversation until the resident types /quit or closes the input."""
    sender = f"terminal-{getpass.getuser()}"
    print("（输入文字和助手聊天；有编号的选项可以直接输入编号；输入 /quit 结束。）")
    buttons: list[Button] = []
    message = "/greet"
    while True:
        try:
            replies = await client.send(sender, message)
        except httpx.HTTPError:
            print("助手：不好意思，系统有点忙，请稍后再试。")
        else:
            text, buttons = render(replies)
            print(text, flush=True)
        typed = ""
        while not typed.strip():
            try:
                typed = read("您：")
            except (EOFError, KeyboardInterrupt):
                return
        if typed.strip() in QUIT_WORDS:
            return
        message = resolve_choice(typed, buttons)


async def run_terminal_chat(rasa_url: str | None = None, token: str | None = None) -> None:
    """Chat against the Rasa server at `rasa_url` (default: RASA_URL or the local port)."""
    client = RasaClient(rasa_url, token=token)
    try:
        await chat(client)
    finally:
        await client.close()


if __name__ == "__main__":
    asyncio.run(run_terminal_chat())

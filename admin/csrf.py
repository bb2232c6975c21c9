"""CSRF protection: every form and every state-changing request carries the session's token.

A pure ASGI middleware placed inside the session middleware. Safe methods get a token in the
session (templates put it in a hidden `csrf_token` field); other methods are refused with 403
unless the `X-CSRF-Token` header or the form's `csrf_token` field matches it.
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
FIELD = "csrf_token"
HEADER = "x-csrf-token"
MAX_FORM_BYTES = 1_000_000


def csrf_token(request: Request) -> str:
    """The session's token (templates call this for their hidden field)."""
    return request.session.setdefault(FIELD, secrets.token_urlsafe(32))


class CsrfMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        expected = csrf_token(request)
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        given = request.headers.get(HEADER) or _form_token(request, body)
        if body is None or not given or not secrets.compare_digest(given, expected):
            await PlainTextResponse("表单已过期或来源不对，请刷新页面后再试。", 403)(
                scope, receive, send
            )
            return
        await self.app(scope, _replay(body), send)


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None when it is larger than a form may be."""
    chunks, size = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def _form_token(request: Request, body: bytes | None) -> str | None:
    if body is None:
        return None
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        values = parse_qs(body.decode("utf-8", "replace")).get(FIELD)
        return values[0] if values else None
    return None


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive

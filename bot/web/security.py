"""What every answer of the web chat carries (a strict Content-Security-Policy: scripts and
styles only from the gateway's own files, no inline code, nothing from elsewhere) and the
per-address limit on requests, as one ASGI middleware."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.web.limits import Window

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), geolocation=(), microphone=(self)",
    "cache-control": "no-store",
}


def address_of(request: Request) -> str:
    """The client's address (the proxy's, behind one: see docs/web.md)."""
    return request.client.host if request.client else "unknown"


class Guard:
    """Adds `HEADERS` to every response; refuses an address past its request limit with
    `refusal` (429)."""

    def __init__(self, app: ASGIApp, requests: Window, refusal: str) -> None:
        self._app, self._requests, self._refusal = app, requests, refusal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.decode() not in HEADERS
                ]
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        if not self._requests.allow(address_of(Request(scope))):
            refused = JSONResponse({"error": self._refusal}, status_code=429)
            await refused(scope, receive, with_headers)
            return
        await self._app(scope, receive, with_headers)

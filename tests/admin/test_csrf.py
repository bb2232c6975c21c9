"""CSRF: a page hands out the session's token; a form or request that changes something is
refused without it, and the endpoint still reads the form the check has read."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from admin.csrf import FIELD, MAX_FORM_BYTES, CsrfMiddleware, csrf_token
from tests.admin.client import TestClient


async def page(request: Request) -> PlainTextResponse:
    return PlainTextResponse(csrf_token(request))


async def save(request: Request) -> JSONResponse:
    if request.headers.get("content-type", "").startswith("application/json"):
        return JSONResponse(await request.json())
    return JSONResponse(dict(await request.form()))


@pytest.fixture
def client() -> TestClient:
    app = Starlette(
        routes=[Route("/", page), Route("/save", save, methods=["POST"])],
        middleware=[
            Middleware(SessionMiddleware, secret_key="test-secret-" * 3),
            Middleware(CsrfMiddleware),
        ],
    )
    return TestClient(app)


def token(client: TestClient) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.text


def test_a_page_gives_the_same_token_for_the_whole_session(client: TestClient) -> None:
    first = token(client)
    assert len(first) >= 32 and token(client) == first
    assert TestClient(client.app).get("/").text != first


def test_a_post_without_the_token_is_refused(client: TestClient) -> None:
    token(client)
    response = client.post("/save", data={"summary": "改了"})
    assert response.status_code == 403
    assert "刷新页面" in response.text


def test_a_post_with_another_sessions_token_is_refused(client: TestClient) -> None:
    token(client)
    stranger = token(TestClient(client.app))
    assert client.post("/save", data={FIELD: stranger}).status_code == 403
    assert TestClient(client.app).post("/save", data={FIELD: stranger}).status_code == 403


def test_the_forms_token_lets_it_through_and_the_endpoint_still_reads_the_form(
    client: TestClient,
) -> None:
    response = client.post("/save", data={FIELD: token(client), "summary": "交水费。"})
    assert response.status_code == 200
    assert response.json()["summary"] == "交水费。"


def test_the_header_token_lets_a_json_request_through(client: TestClient) -> None:
    response = client.post("/save", json={"draft": 7}, headers={"X-CSRF-Token": token(client)})
    assert (response.status_code, response.json()) == (200, {"draft": 7})


def test_a_body_larger_than_a_form_is_refused(client: TestClient) -> None:
    huge = {FIELD: token(client), "summary": "x" * MAX_FORM_BYTES}
    assert client.post("/save", data=huge).status_code == 403

"""Sign-in for the admin: sqladmin's authentication backend over `admin.accounts`, with signed
session cookies (HttpOnly, SameSite=strict, Secure off loopback) and CSRF checks."""

from __future__ import annotations

import datetime as dt

from sqladmin.authentication import AuthenticationBackend
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response

from admin import accounts
from admin.csrf import CsrfMiddleware
from admin.settings import AdminSettings

REFUSALS = {
    accounts.Refusal.WRONG: "登录名或密码不对，请再试一次。",
    accounts.Refusal.LOCKED: "密码错了好几次，这个账号先锁住一会儿，请过 {minutes} 分钟再试。",
    accounts.Refusal.NO_ROLE: "这里只给内容编辑和管理员用。社区工作人员请用手机上的助手。",
}


class StaffAuthentication(AuthenticationBackend):
    """Editors and admins sign in with a name and password; everyone else is refused."""

    def __init__(self, settings: AdminSettings, sessions: sessionmaker[Session]) -> None:
        super().__init__(settings.secret_key)
        self.settings, self.sessions = settings, sessions
        self.middlewares = [
            Middleware(
                SessionMiddleware,
                secret_key=settings.secret_key,
                session_cookie="admin_session",
                max_age=int(settings.session_hours * 3600),
                same_site="strict",
                https_only=settings.secure_cookies,
            ),
            Middleware(CsrfMiddleware),
        ]

    async def login(self, request: Request) -> Response | bool:
        form = await request.form()
        result = accounts.sign_in(
            self.sessions,
            str(form.get("username", "")).strip(),
            str(form.get("password", "")),
            dt.datetime.now(dt.timezone.utc),
            max_failures=self.settings.max_failed_logins,
            lockout=dt.timedelta(minutes=self.settings.lockout_minutes),
        )
        if isinstance(result, accounts.Refusal):
            request.state.login_error = REFUSALS[result].format(
                minutes=round(self.settings.lockout_minutes)
            )
            return False
        csrf = request.session.get("csrf_token")
        request.session.clear()  # a fresh session on sign-in
        request.session.update({"user_id": result.id, "csrf_token": csrf})
        return True

    async def logout(self, request: Request) -> Response | bool:
        request.session.clear()
        return True

    async def authenticate(self, request: Request) -> Response | bool:
        staff_id = request.session.get("user_id")
        found = accounts.account(self.sessions, staff_id) if staff_id else None
        if found is None:
            return False
        request.state.account = found
        return True

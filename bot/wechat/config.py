"""The WeChat gateway's settings, read once from `WECHAT_*` environment variables and `RASA_URL`
(pydantic-settings: a bad value is named in the error)."""

from __future__ import annotations

import socket
from typing import Annotated

from pydantic import BeforeValidator, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.rasa_client import DEFAULT_RASA_URL
from bot.sender_ids import sender_key
from lifecycle.listening import refuse_public

WECHAT_API = "https://api.weixin.qq.com"


def _blank_is_unset(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Blank = BeforeValidator(_blank_is_unset)
Required = Annotated[str, Field(min_length=1)]


class WeChatSettings(BaseSettings):
    """Where the gateway listens, the account's credentials, and where Rasa is."""

    model_config = SettingsConfigDict(env_prefix="WECHAT_", frozen=True, extra="ignore")

    token: Required = Field(description="the Token registered in the account's server settings")
    app_id: Required
    app_secret: Required
    aes_key: Annotated[Annotated[str, Field(min_length=43, max_length=43)] | None, Blank] = Field(
        default=None, description="EncodingAESKey: set for safe mode, unset for plain mode"
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8090, ge=1, le=65535)
    allow_public: bool = False
    path: str = "/wechat"
    api_base_url: str = WECHAT_API
    sender_key: Annotated[str | None, Blank] = None
    instance: Annotated[Annotated[str, Field(max_length=64)] | None, Blank] = None
    drain_seconds: float = Field(default=10.0, ge=0)
    rasa_url: Annotated[str | None, Blank] = Field(default=None, validation_alias="RASA_URL")

    @model_validator(mode="after")
    def _refuse_public_interface(self) -> WeChatSettings:
        refuse_public(self.host, self.allow_public, "WECHAT", "behind an HTTPS proxy")
        return self

    @property
    def sender_hmac_key(self) -> bytes:
        """The key of residents' sender ids; derived from the app secret when unset."""
        return sender_key(self.sender_key, self.app_secret, "wechat-sender-id")

    @property
    def instance_name(self) -> str:
        """This instance's name among several sharing the database."""
        return self.instance or f"{socket.gethostname()}:wechat:{self.port}"[:64]

    @property
    def rasa(self) -> str:
        return (self.rasa_url or DEFAULT_RASA_URL).rstrip("/")

    @property
    def api(self) -> str:
        return self.api_base_url.rstrip("/")

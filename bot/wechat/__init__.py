"""The WeChat Official Account gateway (docs/wechat.md)."""

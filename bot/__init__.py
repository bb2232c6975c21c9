"""Messaging gateways: they carry residents' messages to the Rasa server's REST channel and
render its replies (a terminal chat for development; the Telegram gateway for residents)."""

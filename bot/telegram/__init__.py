"""The Telegram gateway: residents' Telegram messages to Rasa's REST channel and back."""

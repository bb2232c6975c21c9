"""Rasa custom actions, served by the rasa-sdk action server (`python -m rasa_sdk --actions
actions`). They read the catalog through the `catalog` package."""

from privacy.masking import install_log_masking

install_log_masking()

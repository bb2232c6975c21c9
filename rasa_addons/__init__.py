"""Extensions loaded by the Rasa server (its own environment: rasa 3.6, SQLAlchemy 1.4).

Rasa loads them from config.yml, endpoints.yml and credentials.yml; loading any of them also
removes per-turn costs of Rasa itself (`speedups`) and ends a session after a number of
messages (`session_length`), so that no turn costs more the longer a resident talks.
"""

from rasa_addons import session_length, speedups

speedups.install()
session_length.install()

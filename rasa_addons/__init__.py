"""Extensions loaded by the Rasa server (its own environment: rasa 3.6, SQLAlchemy 1.4).

Rasa loads them from config.yml, endpoints.yml and credentials.yml; loading any of them also
removes two per-turn costs of Rasa itself (`speedups`).
"""

from rasa_addons.speedups import install

install()

"""Extensions loaded by the Rasa server (its own environment: rasa 3.6, SQLAlchemy 1.4)."""

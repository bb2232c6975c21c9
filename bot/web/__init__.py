"""The web chat: a large-print page for residents, served with its gateway to Rasa."""

"""Masking of residents' personal data (ID, phone and bank card numbers, house numbers).

Standard library only: both the app environment and the Rasa server environment import it.
"""

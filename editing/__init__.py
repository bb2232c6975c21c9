"""Editors' changes to the catalog: drafts checked with the content loader's rules, tried in
the real assistant, published without retraining, kept as history and revertible, and the
model trained again when new words need learning. Knows no web page: the admin presents it."""

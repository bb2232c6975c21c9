"""The service catalog and app data: SQLAlchemy models, database sessions, queries, and the
loader that builds the catalog from the editable YAML sources in `content/`.

Actions, the messaging gateway and the content tools all import this package; it imports
none of them.
"""

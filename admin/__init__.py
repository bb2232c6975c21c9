"""The editors' web admin: sign-in, the catalog's lists, the service editor, drafts with 试一试,
publishing, history, training and the needs-feedback dashboard. Built on sqladmin; it only
presents `editing/` and `insights/`, and talks to Rasa over HTTP."""

"""Reminders of what must not be missed (到期提醒): when a service a resident has just done recurs
(`catalog.recurrence`), they may ask to be reminded; the notices wait in the database and
are sent by the gateways in the resident's daytime, each once, tried again when it failed."""

"""Handing a resident over to a community worker, and back: staff and their roles, the queue of
help requests, and the rules it keeps. Knows no channel: gateways present it to people."""

"""Needs feedback: what residents asked, where guides lost them, what went unanswered, how help
requests went — computed from the app database for a period. Knows no channel: `make report`,
the workers' /report on Telegram and the editors' dashboard present it."""

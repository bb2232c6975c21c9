"""How the assistant's long-running processes live and stop (standard library only)."""

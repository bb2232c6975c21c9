"""How the assistant's long-running processes live, stop and trust one another (standard library
only)."""

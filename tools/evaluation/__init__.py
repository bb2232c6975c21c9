"""Held-out evaluation through the running assistant (`make evaluate`)."""

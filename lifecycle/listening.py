"""Where a server may listen: loopback unless its operator says otherwise (standard library)."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def refuse_public(host: str, allow_public: bool, prefix: str, behind: str) -> None:
    """Raise ValueError when `host` is not loopback and `<prefix>_ALLOW_PUBLIC` was not set."""
    if not is_loopback(host) and not allow_public:
        raise ValueError(
            f"{prefix}_HOST={host} is not a loopback address; set {prefix}_ALLOW_PUBLIC=true "
            f"to listen there ({behind})"
        )

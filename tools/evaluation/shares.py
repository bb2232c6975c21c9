"""A share of held-out lines, with the range chance alone allows: a set of 40 lines moves by
several points when one line changes, so small sets are read with their interval."""

from __future__ import annotations

import math

Z_95 = 1.96  # the normal quantile of a two-sided 95% interval


def wilson(hits: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of `hits` out of `total` (fractions)."""
    p = hits / total
    centre = p + z * z / (2 * total)
    spread = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    scale = 1 + z * z / total
    return (centre - spread) / scale, (centre + spread) / scale


def share(hits: int, total: int) -> str:
    """E.g. "95.3% (225/236; 95% interval 91.8–97.4%)"."""
    if not total:
        return "n/a"
    low, high = (max(0.0, bound) for bound in wilson(hits, total))
    return (
        f"{100 * hits / total:.1f}% ({hits}/{total}; "
        f"95% interval {100 * low:.1f}–{100 * high:.1f}%)"
    )

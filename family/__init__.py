"""A resident's own helpers (亲友帮忙): family members who help from afar, linked by a code the
resident gives them and confirmed by the resident. Channel-free; gateways only present it."""

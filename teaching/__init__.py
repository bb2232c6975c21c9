"""Workers teaching residents service by service: a guided session with one resident (the
resident does the real guide on their phone, the worker follows their progress) and a class in
a group (steps posted at the worker's pace, a tally of who is done and who is stuck). Knows no
channel: the Telegram gateway presents it."""

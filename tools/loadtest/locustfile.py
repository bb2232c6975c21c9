"""Locust residents for `make load`: each does whole guides through the REST channel, typing some
answers and tapping others, and checks every reply: none missing, no step skipped or repeated.

Runs in Locust's own process (gevent); it imports nothing of the assistant."""

from __future__ import annotations

import random
import re
import uuid

from locust import HttpUser, between, task

# Services asked for as residents type them; each guide is walked to its end.
QUESTIONS = ["水费咋个交嘛", "电费在手机上怎么交", "养老金认证咋个弄", "怎么在网上挂号"]
START = ("一步一步教我办", "/start_guide")  # typed, tapped
NEXT = ("下一步", "/next_step")
DONE = ("办好了", "/outcome_done")
WEBHOOK = "/webhooks/rest/webhook"
STEP = re.compile(r"第(\d+)步（共(\d+)步）")


class Resident(HttpUser):
    wait_time = between(0.5, 2.0)  # a resident reads before answering

    def on_start(self) -> None:
        self.sender = f"load-{uuid.uuid4().hex[:12]}"

    def say(self, text: str, name: str) -> str:
        """Send one message; the replies' text, or "" after recording a failure."""
        body = {
            "sender": self.sender,
            "message": text,
            "metadata": {"message_id": uuid.uuid4().hex},
        }
        with self.client.post(
            "/webhooks/rest/webhook", json=body, name=name, catch_response=True
        ) as r:
            replies = r.json() if r.ok else []
            words = "\n".join(reply.get("text") or "" for reply in replies)
            if not words.strip():
                r.failure(f"no reply to {text!r}")
            return words

    @task
    def whole_guide(self) -> None:
        self.say(random.choice(QUESTIONS), "question")
        first = STEP.findall(self.say(random.choice(START), "start"))
        if not first:
            return
        step, total = (int(n) for n in first[-1])
        while step < total:
            reply = self.say(random.choice(NEXT), "next step")
            shown = [int(n) for n, _ in STEP.findall(reply)]
            if shown != [step + 1]:
                self.environment.events.request.fire(
                    request_type="CHECK",
                    name="step order",
                    response_time=0,
                    response_length=0,
                    exception=AssertionError(f"after step {step} came {shown or 'no step'}"),
                )
                return
            step += 1
        self.say(random.choice(NEXT), "last next")  # recap and 办成了吗
        self.say(random.choice(DONE), "outcome")

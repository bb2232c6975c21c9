"""docker-compose.yml and the Kubernetes manifests mirror what the tests run (make test-scale):
the Rasa version of the lock file, the settings endpoints.yml reads, two of each server behind a
load balancer, nothing published beyond the host's loopback, and Rasa's HTTP API behind the
token everywhere it runs."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from tools.serve import HOST, REDIS_LOCK_STORE, ROOT, Stack

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
MANIFESTS = list(
    yaml.safe_load_all((ROOT / "deploy/kubernetes/assistant.yaml").read_text(encoding="utf-8"))
)
ENDPOINT_SETTINGS = set(re.findall(r"\$\{(\w+)\}", (ROOT / "endpoints.yml").read_text()))
REQUIRED_TOKEN = "${RASA_TOKEN:?"  # compose and sh refuse to go on without it
NOT_SOURCES = {".git", ".venv", "node_modules", "tests", "docs", "var", "models", "build"}


def test_the_rasa_image_is_the_locked_version() -> None:
    locked = re.search(r"^rasa==(\S+)", (ROOT / "requirements/rasa.lock").read_text(), re.M)[1]
    dockerfile = (ROOT / "deploy/rasa.Dockerfile").read_text()
    assert f"FROM rasa/rasa:{locked}-full" in dockerfile
    assert "requirements/app.lock" in (ROOT / "deploy/app.Dockerfile").read_text()


def test_compose_runs_two_of_each_behind_haproxy_on_postgresql_and_redis() -> None:
    services = COMPOSE["services"]
    assert {"postgres", "redis", "catalog", "haproxy"} <= set(services)
    for kind in ("rasa-", "actions-", "gateway-"):
        assert len([name for name in services if name.startswith(kind)]) == 2, kind
    for rasa in (s for name, s in services.items() if name.startswith("rasa-")):
        # every ${…} endpoints.yml reads, and the API's token
        assert set(rasa["environment"]) == ENDPOINT_SETTINGS | {"RASA_TOKEN"}
        assert rasa["environment"]["LOCK_STORE_TYPE"] == REDIS_LOCK_STORE
        assert rasa["environment"]["ACTIONS_URL"].startswith("http://haproxy:")
    gateways = [s for name, s in services.items() if name.startswith("gateway-")]
    assert all(g["environment"]["RASA_URL"].startswith("http://haproxy:") for g in gateways)
    assert len({g["environment"]["TELEGRAM_INSTANCE"] for g in gateways}) == 2
    balanced = (ROOT / "deploy/haproxy.cfg").read_text()
    for server in ("rasa-1", "rasa-2", "actions-1", "actions-2", "gateway-1", "gateway-2"):
        assert f" {server}:" in balanced
    published = [port for s in services.values() for port in s.get("ports", [])]
    assert published and all(port.startswith("127.0.0.1:") for port in published)


def test_the_settings_match_what_make_serve_gives_rasa() -> None:
    assert set(Stack().store_settings()) | {"ACTIONS_URL"} == ENDPOINT_SETTINGS


def test_kubernetes_mirrors_the_tested_set_up() -> None:
    kinds = {(m["kind"], m["metadata"]["name"]): m for m in MANIFESTS}
    for name in ("rasa", "actions", "telegram-gateway"):
        assert kinds[("Deployment", name)]["spec"]["replicas"] == 2, name
        assert ("Service", name) in kinds
    [gateway] = kinds[("Deployment", "telegram-gateway")]["spec"]["template"]["spec"]["containers"]
    assert {"name": "TELEGRAM_INSTANCE"}.items() <= gateway["env"][0].items()
    settings = set(kinds[("ConfigMap", "assistant-settings")]["data"])
    assert ENDPOINT_SETTINGS - {"TRACKER_PASSWORD"} <= settings
    assert all(
        m["spec"].get("type", "ClusterIP") == "ClusterIP"
        for (k, _), m in kinds.items()
        if k == "Service"
    )


def dockerfile_instruction(path: Path, name: str) -> list[str]:
    """The exec-form arguments of a Dockerfile instruction, its continued lines joined as
    Docker joins them (a JSON error would make Docker run it as a shell command instead)."""
    joined = path.read_text(encoding="utf-8").replace("\\\n", "")
    [line] = [line for line in joined.splitlines() if line.startswith(f"{name} ")]
    return json.loads(line.removeprefix(f"{name} "))


def test_every_rasa_server_runs_its_http_api_behind_the_token() -> None:
    # A token may begin with "-": given as one argument, Rasa cannot take it for an option.
    command = Stack(token="-the-token").rasa_command()
    assert "--auth-token=-the-token" in command
    assert command[command.index("--interface") + 1] == HOST

    entrypoint = dockerfile_instruction(ROOT / "deploy/rasa.Dockerfile", "ENTRYPOINT")
    assert entrypoint[:2] == ["/bin/sh", "-c"]
    shell = entrypoint[2].split()
    assert shell[:4] == ["exec", "rasa", "run", "--enable-api"]
    [token] = [word for word in shell if word.startswith("--auth-token")]
    assert token.startswith(f'--auth-token="{REQUIRED_TOKEN}')
    assert shell[shell.index("--interface") + 1] == "0.0.0.0"  # the container's network
    assert dockerfile_instruction(ROOT / "deploy/rasa.Dockerfile", "CMD") == []

    services = COMPOSE["services"]
    for name, service in services.items():
        if name.startswith(("rasa-", "gateway-")) or name == "haproxy":
            assert service["environment"]["RASA_TOKEN"].startswith(REQUIRED_TOKEN), name
    assert 'GET "/status?token=${RASA_TOKEN}"' in (ROOT / "deploy/haproxy.cfg").read_text()

    kinds = {(m["kind"], m["metadata"]["name"]): m for m in MANIFESTS}
    [rasa] = kinds[("Deployment", "rasa")]["spec"]["template"]["spec"]["containers"]
    secret = {"secretKeyRef": {"name": "assistant-secrets", "key": "RASA_TOKEN"}}
    assert {"name": "RASA_TOKEN", "valueFrom": secret} in rasa["env"]
    assert 'os.environ["RASA_TOKEN"]' in " ".join(rasa["readinessProbe"]["exec"]["command"])
    [gateway] = kinds[("Deployment", "telegram-gateway")]["spec"]["template"]["spec"]["containers"]
    assert {"secretRef": {"name": "assistant-secrets"}} in gateway["envFrom"]


def sources() -> Iterator[Path]:
    """The repository's code, build and deployment files (not tests, docs or installed code)."""
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in NOT_SOURCES]
        for name in files:
            if name.endswith((".py", "Dockerfile", ".yml", ".yaml", ".sh")) or name == "Makefile":
                yield Path(folder) / name


def test_no_rasa_server_is_started_with_an_open_http_api() -> None:
    """Wherever the repository runs `rasa run --enable-api`, the token goes with it."""
    openings = {
        str(path.relative_to(ROOT)): text.count("--enable-api")
        for path in sources()
        if "--enable-api" in (text := path.read_text(encoding="utf-8", errors="replace"))
    }
    assert "tools/serve.py" in openings and "deploy/rasa.Dockerfile" in openings
    guarded = {
        name: (ROOT / name).read_text(encoding="utf-8").count("--auth-token") for name in openings
    }
    assert guarded == openings

"""docker-compose.yml and the Kubernetes manifests mirror what the tests run: the Rasa version of
the lock file, the settings endpoints.yml reads, the processes tools/serve.py starts, and nothing
published beyond the host's loopback."""

from __future__ import annotations

import re

import yaml

from tools.serve import REDIS_LOCK_STORE, ROOT, Stack

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
MANIFESTS = list(
    yaml.safe_load_all((ROOT / "deploy/kubernetes/assistant.yaml").read_text(encoding="utf-8"))
)
ENDPOINT_SETTINGS = set(re.findall(r"\$\{(\w+)\}", (ROOT / "endpoints.yml").read_text()))


def test_the_rasa_image_is_the_locked_version() -> None:
    locked = re.search(r"^rasa==(\S+)", (ROOT / "requirements/rasa.lock").read_text(), re.M)[1]
    dockerfile = (ROOT / "deploy/rasa.Dockerfile").read_text()
    assert f"FROM rasa/rasa:{locked}-full" in dockerfile
    assert "requirements/app.lock" in (ROOT / "deploy/app.Dockerfile").read_text()


def test_compose_runs_two_of_each_server_on_postgresql_and_redis() -> None:
    services = COMPOSE["services"]
    assert {"postgres", "redis", "catalog", "gateway"} <= set(services)
    rasas = [s for name, s in services.items() if name.startswith("rasa-")]
    assert len(rasas) == 2 and len([n for n in services if n.startswith("actions-")]) == 2
    for rasa in rasas:
        assert set(rasa["environment"]) == ENDPOINT_SETTINGS  # every ${…} endpoints.yml reads
        assert rasa["environment"]["LOCK_STORE_TYPE"] == REDIS_LOCK_STORE
    published = [port for s in services.values() for port in s.get("ports", [])]
    assert published and all(port.startswith("127.0.0.1:") for port in published)


def test_the_settings_match_what_make_serve_gives_rasa() -> None:
    assert set(Stack().store_settings()) | {"ACTIONS_URL"} == ENDPOINT_SETTINGS


def test_kubernetes_mirrors_the_tested_set_up() -> None:
    kinds = {(m["kind"], m["metadata"]["name"]): m for m in MANIFESTS}
    assert kinds[("Deployment", "rasa")]["spec"]["replicas"] == 2
    assert kinds[("Deployment", "actions")]["spec"]["replicas"] == 2
    settings = set(kinds[("ConfigMap", "assistant-settings")]["data"])
    assert ENDPOINT_SETTINGS - {"TRACKER_PASSWORD"} <= settings
    assert all(
        m["spec"].get("type", "ClusterIP") == "ClusterIP"
        for (k, _), m in kinds.items()
        if k == "Service"
    )

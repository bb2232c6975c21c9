"""docker-compose.yml and the Kubernetes manifests mirror what the tests run (make test-scale):
the Rasa version of the lock file, the settings endpoints.yml reads, two of each server behind a
load balancer, and nothing published beyond the host's loopback."""

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


def test_compose_runs_two_of_each_behind_haproxy_on_postgresql_and_redis() -> None:
    services = COMPOSE["services"]
    assert {"postgres", "redis", "catalog", "haproxy"} <= set(services)
    for kind in ("rasa-", "actions-", "gateway-"):
        assert len([name for name in services if name.startswith(kind)]) == 2, kind
    for rasa in (s for name, s in services.items() if name.startswith("rasa-")):
        assert set(rasa["environment"]) == ENDPOINT_SETTINGS  # every ${…} endpoints.yml reads
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

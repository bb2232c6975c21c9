# The Rasa server: the official Rasa 3.6.21 image with this project's trained model, endpoints,
# channel and tracker store (rasa_addons/, privacy/: standard library only).
# Build after `make model`: docker build -f deploy/rasa.Dockerfile -t assistant-rasa .
FROM rasa/rasa:3.6.21-full
WORKDIR /app
COPY --chown=1001 rasa_addons/ rasa_addons/
COPY --chown=1001 privacy/ privacy/
COPY --chown=1001 endpoints.yml credentials.yml ./
COPY --chown=1001 models/assistant.tar.gz models/assistant.tar.gz
ENV PYTHONPATH=/app RASA_TELEMETRY_ENABLED=false
# The HTTP API answers only with RASA_TOKEN (the deployment's secret; without it the container
# does not start), through a shell because Rasa takes the token only as an argument. It listens
# on every interface of the container's network on purpose: the load balancer reaches it there;
# docker-compose.yml publishes it only through HAProxy on the host's loopback, and the Kubernetes
# Service is cluster-internal.
ENTRYPOINT ["/bin/sh", "-c", "exec rasa run --enable-api \
  --auth-token=\"${RASA_TOKEN:?set RASA_TOKEN, the token of the HTTP API}\" \
  --interface 0.0.0.0 --port 5005 --model models/assistant.tar.gz \
  --endpoints endpoints.yml --credentials credentials.yml"]
CMD []

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
CMD ["run", "--enable-api", "--interface", "0.0.0.0", "--port", "5005", \
     "--model", "models/assistant.tar.gz", \
     "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"]

# Our processes (action server, Telegram gateway, catalog and staff commands), from the lock file.
# docker build -f deploy/app.Dockerfile -t assistant-app .
FROM python:3.11-slim
WORKDIR /app
COPY requirements/app.lock requirements/app.lock
RUN pip install --no-cache-dir -r requirements/app.lock
COPY actions/ actions/
COPY bot/ bot/
COPY catalog/ catalog/
COPY content/ content/
COPY handoff/ handoff/
COPY insights/ insights/
COPY lifecycle/ lifecycle/
COPY privacy/ privacy/
COPY teaching/ teaching/
COPY alembic.ini ./
ENV PYTHONPATH=/app DATA_DIR=/data
RUN useradd --uid 1001 --create-home assistant && mkdir /data && chown 1001 /data
USER 1001
# The action server; the gateway runs `python -m bot.telegram`, the catalog `python -m catalog build`.
CMD ["python", "-m", "rasa_sdk", "--actions", "actions", "--port", "5055"]

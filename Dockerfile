# One image for every service: the API server (gunicorn) and the sync daemon.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    TOPOFMIND_DATA_DIR=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY topofmind ./topofmind
COPY server ./server
COPY sync ./sync
RUN pip install . \
 && useradd --system --create-home --home-dir /data topofmind

USER topofmind
EXPOSE 8765
# The daemon by default; docker-compose.yml sets each service's command.
CMD ["topofmind", "sync"]

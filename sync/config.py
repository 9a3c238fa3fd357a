"""Runtime configuration, read from the environment once, in the CLI (the composition root)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "topofmind"


@dataclass(frozen=True)
class Config:
    data_dir: Path = field(default_factory=default_data_dir)
    database_url: str | None = None  # None: SQLite file in data_dir
    secret_key: str | None = None  # None: key file in data_dir (created 0600)
    # Server
    host: str = "127.0.0.1"
    port: int = 8765
    public_url: str | None = None  # where OAuth redirects come back; default http://host:port
    # Host names the server answers to besides loopback and public_url's (DNS rebinding).
    allowed_hosts: tuple[str, ...] = ()
    # Single-user local mode (no password from this machine); only ``serve`` bound to loopback.
    local_mode: bool = True
    # Google
    google_client_id: str | None = None
    google_client_secret: str | None = None
    gmail_api_url: str = "https://gmail.googleapis.com/"
    google_token_url: str = "https://oauth2.googleapis.com/token"
    google_auth_url: str = "https://accounts.google.com/o/oauth2/auth"
    # Microsoft
    ms_client_id: str | None = None
    ms_client_secret: str | None = None
    ms_authority: str = "https://login.microsoftonline.com/common"
    graph_api_url: str = "https://graph.microsoft.com/v1.0/"
    ca_bundle: str | None = None
    # Sync
    sync_interval_seconds: int = 300
    upload_limit_mb: int = 4096  # mbox / Takeout uploads on the Accounts page
    first_sync_days: int = 365

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'topofmind.sqlite3'}"

    @property
    def base_url(self) -> str:
        """Where the server is reached from outside (links in reminders, the feed's URL)."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    def with_(self, **changes) -> Config:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Config:
        env = dict(os.environ if env is None else env)
        get = env.get
        kwargs: dict = {}
        if get("TOPOFMIND_DATA_DIR"):
            kwargs["data_dir"] = Path(get("TOPOFMIND_DATA_DIR"))
        mapping = {
            "database_url": "TOPOFMIND_DATABASE_URL",
            "secret_key": "TOPOFMIND_SECRET_KEY",
            "public_url": "TOPOFMIND_PUBLIC_URL",
            "google_client_id": "TOPOFMIND_GOOGLE_CLIENT_ID",
            "google_client_secret": "TOPOFMIND_GOOGLE_CLIENT_SECRET",
            "gmail_api_url": "TOPOFMIND_GMAIL_API_URL",
            "google_token_url": "TOPOFMIND_GOOGLE_TOKEN_URL",
            "google_auth_url": "TOPOFMIND_GOOGLE_AUTH_URL",
            "ms_client_id": "TOPOFMIND_MS_CLIENT_ID",
            "ms_client_secret": "TOPOFMIND_MS_CLIENT_SECRET",
            "ms_authority": "TOPOFMIND_MS_AUTHORITY",
            "graph_api_url": "TOPOFMIND_GRAPH_API_URL",
            "ca_bundle": "TOPOFMIND_CA_BUNDLE",
        }
        for attr, var in mapping.items():
            if get(var):
                kwargs[attr] = get(var)
        if get("TOPOFMIND_ALLOWED_HOSTS"):
            kwargs["allowed_hosts"] = tuple(h.strip().lower() for h in get("TOPOFMIND_ALLOWED_HOSTS").split(",")
                                            if h.strip())
        if get("TOPOFMIND_LOCAL_MODE", "").strip().lower() in ("0", "false", "no", "off"):
            kwargs["local_mode"] = False
        if get("TOPOFMIND_SYNC_INTERVAL"):
            kwargs["sync_interval_seconds"] = int(get("TOPOFMIND_SYNC_INTERVAL"))
        if get("TOPOFMIND_UPLOAD_LIMIT_MB"):
            kwargs["upload_limit_mb"] = int(get("TOPOFMIND_UPLOAD_LIMIT_MB"))
        if get("TOPOFMIND_FIRST_SYNC_DAYS"):
            kwargs["first_sync_days"] = int(get("TOPOFMIND_FIRST_SYNC_DAYS"))
        return cls(**kwargs)

"""The WSGI entry point for production: ``gunicorn -w 2 -b 127.0.0.1:8765 server.wsgi:app``.

The environment is read here once (as in the CLI); run ``topofmind db upgrade`` before
starting gunicorn (``topofmind serve`` does it by itself).
"""

from __future__ import annotations

from server.app import create_app, freeze_startup_objects
from sync.config import Config
from sync.log_scrubbing import configure_logging

configure_logging(level="WARNING")  # JSON lines on stderr, scrubbed (README, Security)

# Behind gunicorn's own bind (often 0.0.0.0 or a proxy) this process cannot tell that only
# this computer reaches it: no single-user local mode, every page needs a password.
app = create_app(Config.from_env().with_(local_mode=False), refresh_cards=True)
freeze_startup_objects()  # gunicorn imports this module in each worker, after the fork

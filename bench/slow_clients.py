"""How long a normal request waits while slow clients hold ``topofmind serve``'s threads.

    .venv/bin/python bench/slow_clients.py --counts 8,16,32 --threads 8

Starts ``topofmind serve`` on a fresh SQLite database on a free loopback port; for each
count, opens that many connections that send a request line and part of a header and then
stall, waits half a second, and times one ordinary request (``/api/v1/openapi.json``). The
slow clients are then closed. Before the request deadline (server/serving.py) the ordinary
request waited until the client gave up.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVE = ("import sys; from server.commands.serve import serve; from server.runtime import Runtime; "
         "from sync.config import Config; serve.main(sys.argv[1:], obj=Runtime(Config.from_env()))")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="8,16,32", help="numbers of slow clients, comma-separated")
    parser.add_argument("--threads", type=int, default=8, help="serve's worker threads")
    parser.add_argument("--give-up", type=float, default=120.0, help="seconds before the ordinary request gives up")
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tempfile.mkdtemp(prefix="tom_bench_slow_")
    env = {**os.environ, "TOPOFMIND_DATABASE_URL": f"sqlite:///{data}/serve.sqlite3", "TOPOFMIND_DATA_DIR": data}
    server = subprocess.Popen([sys.executable, "-c", SERVE, "--host", "127.0.0.1", "--port", str(port),
                               "--threads", str(args.threads)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
    try:
        for _ in range(300):
            try:
                requests.get(url, timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        print(f"load average {os.getloadavg()[0]:.1f}; serve with {args.threads} threads")
        print(f"{'slow clients':>12}  {'status':>6}  {'waited (s)':>10}")
        for count in (int(c) for c in args.counts.split(",")):
            slow = []
            for _ in range(count):
                sock = socket.create_connection(("127.0.0.1", port))
                sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                slow.append(sock)
            time.sleep(0.5)
            start = time.monotonic()
            try:
                status = requests.get(url, timeout=args.give_up).status_code
            except requests.RequestException:
                status = "none"
            print(f"{count:>12}  {status:>6}  {time.monotonic() - start:>10.1f}")
            for sock in slow:
                sock.close()
            time.sleep(1)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()

"""A real Dovecot IMAP server for tests and benches: own config, users and TLS, a free port.

Debian's ``dovecot-imapd`` run as ``dovecot -c <tmp>/dovecot.conf -F`` (never the system
service): implicit TLS on one free loopback port (certificate from trustme), STARTTLS on
another, mail in ``maildir:<tmp>/mail/%u``, Sent/Drafts/Trash/Junk with RFC 6154 flags.
``condstore=False`` hides CONDSTORE/QRESYNC from the capability list (a server without them).
``oauth2_introspection_url`` adds an oauth2 passdb for XOAUTH2/OAUTHBEARER logins: Dovecot
POSTs ``token=<access token>`` there (RFC 7662 introspection) and accepts the token when the
JSON answer has ``"active": true`` and a ``username`` (the test serves that endpoint).
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"

CAPS_WITHOUT_CONDSTORE = ("IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT THREAD=REFERENCES "
                          "MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 "
                          "ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE "
                          "SPECIAL-USE LITERAL+")


def available() -> bool:
    return Path(DOVECOT).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Dovecot:
    root: Path
    users: dict[str, str] = field(default_factory=lambda: {"sam@example.org": "app-pass-1"})
    condstore: bool = True
    sent_name: str | None = "Sent"  # None: no sent folder at all
    sent_flag: bool = True  # False: no RFC 6154 flag on the sent folder
    port: int = 0
    starttls_port: int = 0
    ca_file: Path | None = None
    process: subprocess.Popen | None = None
    run_dir: Path | None = None  # dovecot's base_dir, short enough for its sockets
    oauth2_introspection_url: str | None = None

    def start(self) -> Dovecot:
        import trustme

        self.root.mkdir(parents=True, exist_ok=True)
        _traversable(self.root)
        # Sockets live under base_dir, and a unix socket's path is at most 107 bytes: pytest's
        # tmp paths (long test names) are too deep, so the runtime directory is a short one.
        self.run_dir = Path(tempfile.mkdtemp(prefix="tomdc-"))
        self.run_dir.chmod(0o755)
        ca = trustme.CA()
        cert = ca.issue_cert("127.0.0.1", "localhost")
        cert.private_key_and_cert_chain_pem.write_to_path(str(self.root / "server.pem"))
        ca.cert_pem.write_to_path(str(self.root / "ca.pem"))
        self.ca_file = self.root / "ca.pem"
        self.port, self.starttls_port = free_port(), free_port()
        (self.root / "mail").mkdir(exist_ok=True)
        self.write_users()
        self._write_config()
        self.process = subprocess.Popen([DOVECOT, "-c", str(self.root / "dovecot.conf"), "-F"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                self._wait_for_auth(deadline)
                return self
            except OSError:
                if self.process.poll() is not None:
                    log = self.root / "dovecot.log"
                    raise RuntimeError("dovecot exited: " + self.process.stderr.read().decode() + (
                        log.read_text(errors="replace") if log.exists() else "")) from None
                time.sleep(0.1)
        raise RuntimeError("dovecot did not start listening")

    def _wait_for_auth(self, deadline: float) -> None:
        """The listener opens before the auth service answers: log in once before saying ready."""
        user = next(iter(self.users))
        while True:
            try:
                self.client(user).logout()
                return
            except imaplib.IMAP4.error:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.run_dir is not None:
            shutil.rmtree(self.run_dir, ignore_errors=True)
            self.run_dir = None

    def write_users(self) -> None:
        lines = [f"{user}:{{PLAIN}}{password}:::::\n" for user, password in self.users.items()]
        (self.root / "users").write_text("".join(lines))

    def set_password(self, user: str, password: str) -> None:
        self.users[user] = password
        self.write_users()
        time.sleep(1.1)  # dovecot notices a changed passwd-file at most once a second

    def _write_config(self) -> None:
        r = self.root
        if os.geteuid() == 0:
            owner = ("mail_uid = nobody\nmail_gid = nogroup\n"
                     "default_login_user = dovenull\n")
            nobody = pwd.getpwnam("nobody")
            os.chown(r / "mail", nobody.pw_uid, nobody.pw_gid)
            try:
                pwd.getpwnam("dovenull")
            except KeyError:
                owner = owner.replace("dovenull", "nobody")
        else:
            me = pwd.getpwuid(os.geteuid()).pw_name
            group = grp.getgrgid(os.getegid()).gr_name
            owner = (f"default_login_user = {me}\ndefault_internal_user = {me}\n"
                     f"default_internal_group = {group}\n")
        sent = ""
        if self.sent_name:
            flag = "    special_use = \\Sent\n" if self.sent_flag else ""
            sent = f'  mailbox "{self.sent_name}" {{\n{flag}    auto = subscribe\n  }}\n'
        caps = "" if self.condstore else f"imap_capability = {CAPS_WITHOUT_CONDSTORE}\n"
        mechanisms, oauth2 = "plain login", ""
        if self.oauth2_introspection_url:
            mechanisms += " xoauth2 oauthbearer"
            (r / "oauth2.conf").write_text(f"introspection_url = {self.oauth2_introspection_url}\n"
                                           "introspection_mode = post\nforce_introspection = yes\n"
                                           "username_attribute = username\n"
                                           "active_attribute = active\nactive_value = true\n")
            oauth2 = (f"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n"
                      f"  args = {r}/oauth2.conf\n}}\n")
        (r / "dovecot.conf").write_text(f"""\
protocols = imap
listen = 127.0.0.1
base_dir = {self.run_dir}/run
state_dir = {r}/state
instance_name = tom-test-{self.port}
log_path = {r}/dovecot.log
info_log_path = {r}/dovecot.log
ssl = yes
ssl_cert = <{r}/server.pem
ssl_key = <{r}/server.pem
disable_plaintext_auth = no
auth_failure_delay = 0
auth_mechanisms = {mechanisms}
mail_fsync = never
{owner}{caps}mail_location = maildir:{r}/mail/%u
{oauth2}passdb {{
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u {r}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {r}/users
  default_fields = home={r}/mail/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
{sent}  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
  mailbox Trash {{
    special_use = \\Trash
    auto = subscribe
  }}
  mailbox Junk {{
    special_use = \\Junk
    auto = subscribe
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.starttls_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
""")

    # --- loading mail (stdlib imaplib, as a mail server's delivery would) ----------------
    def client(self, user: str = "sam@example.org") -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=str(self.ca_file))
        conn = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=context)
        conn.login(user, self.users[user])
        return conn

    def append(self, raws: list[bytes], *, folder: str = "INBOX", user: str = "sam@example.org",
               conn: imaplib.IMAP4 | None = None) -> None:
        own = conn is None
        conn = conn or self.client(user)
        try:
            for raw in raws:
                typ, data = conn.append(folder, None, _internal_date(raw), raw)
                if typ != "OK":
                    raise RuntimeError(f"APPEND to {folder} failed: {data}")
        finally:
            if own:
                conn.logout()

    def deliver(self, raws, *, folder: str = "INBOX", user: str = "sam@example.org") -> int:
        """Write messages straight into the maildir (as a delivery agent would): fast bulk loads."""
        base = self.root / "mail" / user
        target = base if folder == "INBOX" else base / f".{folder}"
        for sub in ("cur", "new", "tmp"):
            (target / sub).mkdir(parents=True, exist_ok=True)
        count = 0
        stamp = int(time.time())
        for count, raw in enumerate(raws, 1):
            (target / "new" / f"{stamp}.M{count}P{os.getpid()}.tom:2,").write_bytes(raw)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            for dirpath, dirs, files in os.walk(base):
                for name in [*dirs, *files]:
                    os.chown(os.path.join(dirpath, name), nobody.pw_uid, nobody.pw_gid)
            os.chown(base, nobody.pw_uid, nobody.pw_gid)
        return count

    def recreate_folder(self, folder: str, *, user: str = "sam@example.org") -> None:
        """Delete and create a folder again with the same messages: a new UIDVALIDITY."""
        conn = self.client(user)
        try:
            conn.select(f'"{folder}"', readonly=True)
            _typ, data = conn.uid("FETCH", "1:*", "(BODY.PEEK[])")
            raws = [item[1] for item in data if isinstance(item, tuple)]
            conn.close()
            conn.delete(f'"{folder}"')
            conn.create(f'"{folder}"')
            time.sleep(1.05)  # UIDVALIDITY is a timestamp: make sure it moves
            self.append(raws, folder=folder, conn=conn)
        finally:
            conn.logout()

    def _uids_of(self, conn: imaplib.IMAP4, message_id: str) -> bytes:
        _typ, data = conn.uid("SEARCH", "HEADER", "Message-ID", f'"{message_id}"')
        if not data or not data[0]:
            raise LookupError(f"no message {message_id} here")
        return data[0].replace(b" ", b",")

    def expunge(self, message_id: str, *, folder: str = "INBOX", user: str = "sam@example.org") -> None:
        """Delete a message for good, as a mail client's "delete, empty the trash" does."""
        conn = self.client(user)
        try:
            conn.select(f'"{folder}"')
            uids = self._uids_of(conn, message_id)
            conn.uid("STORE", uids, "+FLAGS.SILENT", "(\\Deleted)")
            conn.uid("EXPUNGE", uids)  # UIDPLUS: only these
        finally:
            conn.logout()

    def move(self, message_id: str, *, source: str, target: str, user: str = "sam@example.org") -> None:
        """Move a message to another folder (RFC 6851 MOVE): a new UID there, gone from here."""
        conn = self.client(user)
        try:
            conn.select(f'"{source}"')
            typ, data = conn.uid("MOVE", self._uids_of(conn, message_id), f'"{target}"')
            if typ != "OK":
                raise RuntimeError(f"MOVE to {target} failed: {data}")
        finally:
            conn.logout()

    def mailbox_bytes(self, user: str = "sam@example.org") -> int:
        total = 0
        for dirpath, _dirs, files in os.walk(self.root / "mail" / user):
            if os.path.basename(dirpath) in ("cur", "new"):
                total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
        return total


def _traversable(path: Path) -> None:
    """Dovecot's own users (auth, the mail uid) must reach files in our private temp dirs."""
    for part in [path, *path.parents]:
        if part == Path("/") or part.stat().st_uid != os.geteuid():
            continue
        mode = part.stat().st_mode & 0o7777
        if mode & 0o011 != 0o011:
            os.chmod(part, mode | 0o011)


def _internal_date(raw: bytes):
    head = raw.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    for line in head.splitlines():
        if line.lower().startswith(b"date:"):
            try:
                return imaplib.Time2Internaldate(parsedate_to_datetime(line[5:].strip().decode()))
            except (TypeError, ValueError):
                return None
    return None


class CuttingProxy:
    """A TCP proxy to the server that drops every connection after ``cut_after`` bytes from it.

    TLS passes through untouched (the client still talks TLS to Dovecot); it is the network
    that fails, mid-fetch, as a flaky Wi-Fi or a server restart would.
    """

    def __init__(self, target_port: int, cut_after: int):
        import threading

        self.target_port, self.cut_after = target_port, cut_after
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cuts = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        import threading

        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pipe, args=(client, upstream, None), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, self.cut_after), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, limit: int | None) -> None:
        sent = 0
        try:
            while data := src.recv(65536):
                if limit is not None and sent + len(data) > limit:
                    dst.sendall(data[:limit - sent])
                    self.cuts += 1
                    break
                dst.sendall(data)
                sent += len(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.listener.close()

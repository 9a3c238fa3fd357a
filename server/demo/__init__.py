"""The bundled demo: a fictional job search as a mailbox (see mailbox.py for the story)."""

from server.demo.mailbox import BUNDLED_MBOX, DEMO_TODAY, build_demo_messages, write_demo_mbox

__all__ = ["BUNDLED_MBOX", "DEMO_TODAY", "build_demo_messages", "write_demo_mbox"]

"""Regenerate the bundled demo.mbox: `python -m server.demo`."""

from server.demo.mailbox import BUNDLED_MBOX, DEMO_TODAY, write_demo_mbox

if __name__ == "__main__":
    count = write_demo_mbox(BUNDLED_MBOX, DEMO_TODAY)
    print(f"{count} messages written to {BUNDLED_MBOX} (today = {DEMO_TODAY})")

"""Helpers to open host pages and read the topofmind card the way a user sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

CARD_HOST = "#topofmind-card-host"
SETTLED = """([key, states]) => {
  const host = document.getElementById("topofmind-card-host");
  if (!host || host.hidden || host.dataset.key !== key) return false;
  return states ? states.includes(host.dataset.state) : !["loading", "reading"].includes(host.dataset.state);
}"""


@dataclass
class HostPage:
    page: object
    dialogs: list = field(default_factory=list)

    @property
    def card(self):
        return self.page.locator(CARD_HOST)

    def role(self, role: str):
        """An element of the card by its data-role (Playwright pierces the open shadow root)."""
        return self.card.locator(f'[data-role="{role}"]')

    def wait_card(self, key: str, states: list[str] | None = None, timeout: float = 10_000) -> str:
        """Wait until the card shows the lookup for ``key`` (a slug or thread id); its state."""
        self.page.wait_for_function(SETTLED, arg=[key, states], timeout=timeout)
        return self.card.get_attribute("data-state")

    def card_text(self) -> str:
        return self.card.locator('[data-role="card"]').inner_text()

    def input_events(self) -> list[dict]:
        return self.page.evaluate("() => window.__inputEvents")


def open_host_page(context, url: str) -> HostPage:
    page = context.new_page()
    host = HostPage(page)

    def on_dialog(dialog):
        host.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url)
    return host

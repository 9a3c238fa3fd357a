"""The ``topofmind`` command: the composition root.

The environment is read here, once (Config.from_env); everything below receives its
settings as arguments. Each command group lives in its own module under
``server.commands`` and exposes a ``COMMANDS`` list that is registered here.
"""

from __future__ import annotations

import importlib
import pkgutil

import click
from sqlalchemy.exc import OperationalError

from server import commands as _commands_pkg
from server.runtime import NoUserYet, Runtime
from sync.config import Config
from topofmind.store import card_marks


class TopofmindGroup(click.Group):
    """Configuration problems found while a command runs end it with one sentence, no traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NoUserYet:
            raise click.ClickException(ctx.obj.no_user_message()) from None
        except OperationalError as exc:
            problem = ctx.obj.connection_problem(exc) if isinstance(ctx.obj, Runtime) else None
            if problem is None:
                raise
            raise problem from None


@click.group(cls=TopofmindGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="topofmind")
@click.pass_context
def main(ctx: click.Context) -> None:
    """topofmind: who you owe a follow-up, when, and a draft to send.

    Reads your own mailbox (Gmail, Outlook, or an mbox export), tracks every application,
    interview and reply, and lists the follow-ups that are due. It never sends anything.
    """
    card_marks.listen()  # every write a command makes turns the lookup cards it touches stale
    try:
        ctx.obj = Runtime(Config.from_env())
    except ValueError as exc:  # a number setting that is not a number
        raise click.ClickException(f"A TOPOFMIND_ setting is not a whole number ({exc}); correct it in "
                                   "the environment.") from None


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.pass_obj
def db_upgrade(rt: Runtime) -> None:
    """Apply every pending schema migration (serve and sync do this on start too)."""
    rt.upgrade()
    click.echo(f"database is up to date: {rt.config.resolved_database_url.split('@')[-1]}")


def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(_commands_pkg.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{_commands_pkg.__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            if command.name in main.commands:
                # A group shared by several modules (e.g. ``accounts``): merge subcommands.
                existing = main.commands[command.name]
                if isinstance(existing, click.Group) and isinstance(command, click.Group):
                    for sub in command.commands.values():
                        existing.add_command(sub)
                    continue
            main.add_command(command)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()

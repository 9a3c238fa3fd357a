"""CLI command groups; each module exposes COMMANDS = [click commands]."""

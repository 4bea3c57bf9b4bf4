"""Subcommands of ``python -m casemanager``: one module each, with ``register``."""

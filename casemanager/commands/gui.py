"""``gui``: start the desktop application (what ``main.py`` runs)."""

from __future__ import annotations

import argparse
import importlib


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("gui", parents=[common], help="start the desktop application")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Loaded by name only here: the domain package itself never depends on Qt.
    app = importlib.import_module("ui.app")
    return app.run(args.db)

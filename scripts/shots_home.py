"""Where every screenshot script runs: a throwaway home, so no real shop is touched."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def fresh_home(prefix: str = "casemanager-shots-") -> Path:
    """A new empty data and settings folder for this run, and the project importable."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["CASEMANAGER_HOME"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    sys.path.insert(0, str(ROOT))
    return home

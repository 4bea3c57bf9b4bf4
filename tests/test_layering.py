"""The domain package stays free of Qt, so it runs and tests without a display."""

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import casemanager
for mod in pkgutil.walk_packages(casemanager.__path__, "casemanager."):
    if ".migrations." in mod.name or mod.name.endswith("__main__"):
        continue
    importlib.import_module(mod.name)
qt = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
print(",".join(qt))
"""


def test_importing_every_domain_module_loads_no_qt():
    """If this fails, the CLI and services would need Qt and a display to run."""
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""

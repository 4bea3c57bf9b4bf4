"""The layers of DESIGN.md hold: each package imports only what sits below it.

Read statically from every module's import statements (including imports inside
functions), so a wrong import fails here before it can tangle the layers.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Who may import what, by package prefix. The first matching rule for a module applies.
RULES: list[tuple[str, tuple[str, ...]]] = [
    # Pure layers: no database, no services, no Qt.
    (
        "casemanager.policy",
        (
            "casemanager.policy",
            "casemanager.errors",
            "casemanager.domain",
            "casemanager.paths",
            "casemanager.display",
        ),
    ),
    ("casemanager.content", ("casemanager.content", "casemanager.errors")),
    (
        "casemanager.exchange",
        ("casemanager.exchange", "casemanager.errors", "casemanager.domain", "casemanager"),
    ),
    (
        "casemanager.letters",
        ("casemanager.letters", "casemanager.errors", "casemanager.paths", "casemanager"),
    ),
    # The store knows only itself (and where files live).
    ("casemanager.store", ("casemanager.store", "casemanager.errors", "casemanager.paths")),
    # The sample shop is written through the other services, like real cases: no store.
    (
        "casemanager.services.demo",
        (
            "casemanager.services.demo",
            "casemanager.services",
            "casemanager.policy",
            "casemanager.content",
            "casemanager.domain",
            "casemanager.errors",
            "casemanager.clock",
            "casemanager",
        ),
    ),
    # Services use every lower layer; never the command line.
    (
        "casemanager.services",
        (
            "casemanager.services",
            "casemanager.store",
            "casemanager.policy",
            "casemanager.content",
            "casemanager.exchange",
            "casemanager.letters",
            "casemanager.domain",
            "casemanager.errors",
            "casemanager.clock",
            "casemanager.paths",
            "casemanager",
        ),
    ),
    # The interface calls services and reads plain domain types; nothing lower.
    (
        "ui",
        (
            "ui",
            "casemanager.services",
            "casemanager.domain",
            "casemanager.errors",
            "casemanager.clock",
            "casemanager",
        ),
    ),
]
# Top-level plain modules that every layer may name (``from casemanager import X`` reads
# the package's own constants only).
PLAIN = {
    "casemanager",
    "casemanager.domain",
    "casemanager.errors",
    "casemanager.clock",
    "casemanager.display",
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(source: str) -> list[tuple[int, str]]:
    """Every project module the source imports, with the line of the import."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            # ``from casemanager import store`` names a subpackage, not a constant.
            for alias in node.names:
                found.append((node.lineno, f"{node.module}.{alias.name}"))
    return [(n, m) for n, m in found if m.split(".")[0] in ("casemanager", "ui")]


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _allowed(importer: str, imported: str) -> bool:
    for prefix, allowed in RULES:
        if _under(importer, prefix):
            if imported in PLAIN and "casemanager" in allowed:
                return True
            return any(_under(imported, a) for a in allowed if a != "casemanager")
    return True  # cli, commands, main: the outermost layer may use anything


def _is_module(name: str) -> bool:
    path = ROOT / Path(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def violations(sources: dict[Path, str]) -> list[str]:
    out = []
    for path, source in sources.items():
        importer = _module_name(path)
        if ".migrations." in importer:
            continue
        for line, imported in _imports(source):
            if not _is_module(imported):
                continue  # a name imported from a module, already checked as the module
            where = f"{path.relative_to(ROOT)}:{line}: "
            if not _allowed(importer, imported) and not any(o.startswith(where) for o in out):
                out.append(f"{where}{importer} imports {imported}")
    return out


def test_every_import_respects_the_layers():
    """If this fails, a layer reaches past the one below it (see DESIGN.md)."""
    tree = sorted(p for d in ("casemanager", "ui") for p in (ROOT / d).rglob("*.py"))
    assert violations({p: p.read_text(encoding="utf-8") for p in tree}) == []


@pytest.mark.parametrize(
    ("where", "line"),
    [
        ("ui/bad.py", "from casemanager.store.models import Case"),
        ("ui/bad.py", "from casemanager.policy import load_pack"),
        ("casemanager/exchange/bad.py", "from casemanager.services.cases import records"),
        ("casemanager/policy/bad.py", "from casemanager.store import models"),
        ("casemanager/letters/bad.py", "from casemanager.services.admin import settings"),
        ("casemanager/store/bad.py", "import casemanager.services.audit"),
    ],
)
def test_a_wrong_import_is_caught(where, line):
    """The check itself fails on a deliberately wrong import in each layer."""
    (found,) = violations({ROOT / where: f"def f():\n    {line}\n"})
    assert found.startswith(f"{where}:2: ")


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

"""The wheel: what `pip install .` puts into a fresh environment works on its own."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Left out of the copy the wheel is built from: history, caches, earlier builds.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.pyc", ".*_cache", ".hypothesis", "build", "dist",
    "*.egg-info", "*.sqlite3*",
)  # fmt: skip

# Run from outside the checkout with only the unpacked wheel on PYTHONPATH.
CHECK = """
import sys
from pathlib import Path

import casemanager
from casemanager.letters import fonts, templates
from casemanager.paths import resources_dir
from casemanager.policy import list_packs, load_pack
from casemanager.policy.packs import builtin_ids

wheel = Path(sys.argv[1]).resolve()
assert Path(casemanager.__file__).resolve().is_relative_to(wheel), casemanager.__file__
assert resources_dir().resolve() == wheel / "casemanager/_resources", resources_dir()
assert builtin_ids() == ("antimart", "antnum"), builtin_ids()
for pack_id in builtin_ids():
    assert load_pack(pack_id).clauses, pack_id
assert [p.error for p in list_packs()] == [None, None], list_packs()
for name in fonts._FILES:
    assert fonts.font_path(name).resolve().is_relative_to(wheel), fonts.font_path(name)
fonts.register()
for name in templates.NAMES:
    assert templates.builtin(name).body, name
assert (resources_dir() / "policies/sources/antnum-refund-policy.txt").is_file()
import ui.app  # the GUI package ships too, and its start-up module imports
print("ok")
"""


def _build_flags() -> list[str]:
    """Build offline with this environment's setuptools when it can make wheels by itself."""
    # setuptools builds wheels unaided from 70.1 on; an older one (Python 3.11's venv
    # default) or none (3.12 on) gets a current one in pip's isolated build environment.
    try:
        own = importlib.util.find_spec("setuptools.command.bdist_wheel")
    except ModuleNotFoundError:
        return []
    return ["--no-build-isolation"] if own or importlib.util.find_spec("wheel") else []


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_COPIED)
    # A developer's virtual environment inside the checkout must stay out of the wheel.
    planted = source / ".venv/lib/python3.11/site-packages/casemanager"
    planted.mkdir(parents=True)
    (planted / "__init__.py").write_text("", encoding="utf-8")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", *_build_flags()]
    built = subprocess.run(
        [*command, "-w", str(tmp / "dist"), str(source)], capture_output=True, text=True
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (path,) = (tmp / "dist").glob("casemanager-*.whl")
    return path


def test_wheel_holds_the_packages_and_resources_only(wheel):
    """An installation would miss its packs, fonts or letters, or carry tests and a venv."""
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"casemanager", "ui", "casemanager-0.1.0.dist-info"}, top
    shipped = {
        name.removeprefix("casemanager/_resources/")
        for name in names
        if name.startswith("casemanager/_resources/")
    }
    in_checkout = {
        p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert shipped == in_checkout
    assert {".ttf", ".txt", ".json", ".md"} <= {Path(name).suffix for name in shipped}


def test_installed_wheel_loads_packs_fonts_and_letters(wheel, tmp_path):
    """`pip install .` would give a casemanager that cannot find its policy packs or fonts."""
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    env = {
        **os.environ,
        "PYTHONPATH": str(unpacked),
        "CASEMANAGER_HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    run = subprocess.run(
        [sys.executable, "-c", CHECK, str(unpacked)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"

"""A private CUPS server with a CUPS-PDF queue, for printing tests (no system daemon).

It needs the Debian packages cups-daemon, cups-client and printer-driver-cups-pdf
(``scripts/system-deps.sh test`` installs them as root) and root itself: the
cups-pdf backend is mode 0700, so only a root cupsd can run it. CUPS-PDF writes
the printed file to ``~/PDF`` of the user who printed.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
QUEUE = "cmtest"


def missing() -> str | None:
    """Why a private CUPS-PDF server cannot run here, or None."""
    for tool in ("cupsd", "lpadmin", "lp"):
        if shutil.which(tool) is None:
            return f"{tool} is missing: run scripts/system-deps.sh test (as root)"
    if not (PPD.is_file() and BACKEND.is_file()):
        return "printer-driver-cups-pdf is missing: run scripts/system-deps.sh test (as root)"
    if os.getuid() != 0:
        return "the cups-pdf backend runs only under a root cupsd"
    return None


def output_folder() -> Path:
    return Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"


@contextmanager
def cups_pdf_server(folder: Path) -> Iterator[dict[str, str]]:
    """Run cupsd on a socket in ``folder`` with the queue ``cmtest``; the environment
    that points ``lp`` at it."""
    for name in ("etc", "spool", "cache", "run", "log", "tmp"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    (folder / "tmp").chmod(0o1777)  # the filters run as lp
    sock = folder / "cups.sock"
    (folder / "etc" / "cupsd.conf").write_text(
        f"Listen {sock}\nLogLevel info\nWebInterface No\nBrowsing No\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
    )
    (folder / "etc" / "cups-files.conf").write_text(
        "".join(
            f"{key} {folder / sub}\n"
            for key, sub in (
                ("ServerRoot", "etc"), ("RequestRoot", "spool"), ("CacheDir", "cache"),
                ("StateDir", "run"), ("TempDir", "tmp"), ("ErrorLog", "log/error_log"),
                ("AccessLog", "log/access_log"), ("PageLog", "log/page_log"),
                ("Printcap", "run/printcap"),
            )
        )
        + "User lp\nGroup lp\nSystemGroup root\n"
    )  # fmt: skip
    env = {**os.environ, "CUPS_SERVER": str(sock)}
    daemon = subprocess.Popen(
        ["cupsd", "-f", "-c", str(folder / "etc/cupsd.conf"), "-s",
         str(folder / "etc/cups-files.conf")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not sock.exists():
            if daemon.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"cupsd did not start: {(folder / 'log/error_log')}")
            time.sleep(0.1)
        subprocess.run(
            ["lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-P", str(PPD)],
            env=env, check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        yield env
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)


def wait_for_output(request_line: str, since: float, timeout: float = 120) -> Path:
    """The file CUPS-PDF wrote for the job ``lp`` reported ("request id is cmtest-3 ...");
    its name ends in ``job_3.pdf`` and it is newer than ``since`` (a time.time())."""
    job = request_line.split()[3].rsplit("-", 1)[1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [
            p for p in output_folder().glob(f"*job_{job}.pdf") if p.stat().st_mtime >= since - 1
        ]
        if found and found[0].stat().st_size > 0:
            time.sleep(0.5)  # let the backend finish writing
            return found[0]
        time.sleep(0.2)
    raise TimeoutError(f"no printed file for job {job} in {output_folder()}")

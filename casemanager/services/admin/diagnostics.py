"""The application log: a rotating file in the data folder where unexpected errors go.

A domain error is the user's to correct and is only shown; anything else is
a bug, and its traceback is written here so it is never lost, however the
interface reports it.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path
from types import TracebackType

from casemanager import __version__
from casemanager.paths import user_data_dir

LOGGER_NAME = "casemanager"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5  # casemanager.log.1 … .5: about 6 MB at most
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

_handler: logging.handlers.RotatingFileHandler | None = None


def data_folder() -> Path:
    """The per-user data folder: the default database, backups, shop packs, logs."""
    return user_data_dir()


def log_path() -> Path:
    """``<data folder>/logs/casemanager.log`` (the folder is created on first use)."""
    folder = data_folder() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "casemanager.log"


def configure_logging(path: Path | None = None) -> Path:
    """Send the ``casemanager`` logger to a rotating file (default ``log_path()``).

    Calling it again with the same file changes nothing; with another file the
    handler moves there. Returns the file written to.
    """
    global _handler
    target = Path(path) if path is not None else log_path()
    if _handler is not None and Path(_handler.baseFilename) == target.resolve():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    logger = logging.getLogger(LOGGER_NAME)
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler.close()
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _handler = handler
    return target


def stop_logging() -> None:
    """Detach and close the log file (the next ``configure_logging`` starts it again)."""
    global _handler
    if _handler is not None:
        logging.getLogger(LOGGER_NAME).removeHandler(_handler)
        _handler.close()
        _handler = None


def current_log_path() -> Path | None:
    """The file the log goes to now, or None before ``configure_logging``."""
    return Path(_handler.baseFilename) if _handler is not None else None


def log_unexpected(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    where: str = "",
) -> None:
    """Write an unexpected exception and its traceback to the log, flushed at once."""
    logger = logging.getLogger(LOGGER_NAME)
    context = f" in {where}" if where else ""
    logger.error(
        "Unexpected error%s (version %s)", context, __version__, exc_info=(exc_type, exc, tb)
    )
    for handler in logger.handlers:
        handler.flush()

"""Drawing the sample shop's cases in a second process while this one records them.

The draws are a pure function of the seed, the clock's ``now``, the actor and how many
customers the database already has, so a second process given the same inputs yields
the very histories this one would. They come back in order, a chunk at a time, through
a pipe. A thread here reads the chunks as they arrive, up to ``AHEAD`` of them, so the
drawing runs on while the recording writes a batch instead of waiting for it with a
full pipe (whose 64 KiB hold less than one chunk); the bound keeps memory flat however
many cases are asked for. Small counts are drawn here: starting a process costs more
than it saves below a few thousand cases.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from casemanager.services.cases.records import CaseHistory

SECOND_PROCESS_FROM = 10_000  # cases
CHUNK = 500  # histories per pickle
AHEAD = 24  # chunks read ahead of the recording: more than two of its batches
_LENGTH = struct.Struct(">Q")  # each chunk's pickle is preceded by its length


def histories(
    count: int, seed: int | None, now: dt.datetime, actor: str, known_customers: int
) -> Iterator[CaseHistory]:
    """The sample shop's case histories, in order (drawn in a second process when many)."""
    inputs = (count, seed, now, actor, known_customers)
    if count < SECOND_PROCESS_FROM:
        yield from _shop(*inputs).histories()
        return
    # A process of its own (not a fork: the caller may hold connections and threads).
    package_root = str(Path(__file__).resolve().parents[3])
    path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
    drawer = subprocess.Popen(
        [sys.executable, "-m", __name__],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": path},
    )
    # Each chunk's pickle, then True (every history was sent) or False (the drawing ended early).
    chunks: queue.Queue[bytes | bool] = queue.Queue(AHEAD)
    cancelled = threading.Event()
    # A daemon: a recording that fails leaves no thread to keep the process from ending.
    reader = threading.Thread(
        target=_read_chunks,
        args=(drawer.stdout, chunks, cancelled),
        name="demo-draws",
        daemon=True,
    )
    try:
        assert drawer.stdin is not None and drawer.stdout is not None
        pickle.dump((inputs, CHUNK), drawer.stdin)
        drawer.stdin.close()
        reader.start()
        while not isinstance(item := chunks.get(), bool):
            yield from pickle.loads(item)
        if not item:
            raise RuntimeError(
                f"the process drawing sample cases ended early (exit code {drawer.wait()})"
            )
    finally:
        cancelled.set()
        if drawer.poll() is None:
            drawer.kill()
        drawer.wait()
        if reader.ident is not None:
            reader.join()
        drawer.stdout.close()


def _read_chunks(pipe: BinaryIO, chunks: queue.Queue, cancelled: threading.Event) -> None:
    """Move each chunk's bytes from the pipe to ``chunks``, then whether the end mark came."""
    complete = False
    try:
        while True:
            head = pipe.read(_LENGTH.size)
            if len(head) < _LENGTH.size:
                break  # the drawing process ended without its end mark
            (size,) = _LENGTH.unpack(head)
            if size == 0:
                complete = True
                break
            body = pipe.read(size)
            if len(body) < size or not _put(chunks, body, cancelled):
                break
    finally:
        _put(chunks, complete, cancelled)


def _put(chunks: queue.Queue, item: bytes | bool, cancelled: threading.Event) -> bool:
    """Wait for room in ``chunks`` unless the recording stopped reading; False then."""
    while not cancelled.is_set():
        try:
            chunks.put(item, timeout=0.2)
            return True
        except queue.Full:
            continue
    return False


def _shop(count: int, seed: int | None, now: dt.datetime, actor: str, known: int):
    from casemanager.services.demo.generate import SampleShop  # it imports this module

    return SampleShop(count, seed, now, actor, known)


def _draw() -> None:
    """The second process: read the inputs, write every history a chunk at a time, then None."""
    inputs, size = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer

    def send(chunk: list[CaseHistory]) -> None:
        data = pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(_LENGTH.pack(len(data)))
        out.write(data)

    chunk: list[CaseHistory] = []
    for history in _shop(*inputs).histories():
        chunk.append(history)
        if len(chunk) == size:
            send(chunk)
            chunk = []
    if chunk:
        send(chunk)
    out.write(_LENGTH.pack(0))  # the end mark
    out.flush()


if __name__ == "__main__":
    try:
        _draw()
    except BrokenPipeError:  # the recording process stopped (failed or interrupted): so do we
        sys.stderr.close()
        sys.exit(1)

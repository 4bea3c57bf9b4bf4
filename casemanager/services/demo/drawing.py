"""Drawing the sample shop's cases in a second process while this one records them.

The draws are a pure function of the seed, the clock's ``now``, the actor and how many
customers the database already has, so a second process given the same inputs yields
the very histories this one would. They come back in order, a chunk at a time, through
a pipe whose small buffer keeps the drawing at most a few chunks ahead (memory stays
flat however many cases are asked for). Small counts are drawn here: starting a
process costs more than it saves below a few thousand cases.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from casemanager.services.cases.records import CaseHistory

SECOND_PROCESS_FROM = 10_000  # cases
CHUNK = 500  # histories per pickle


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
    try:
        assert drawer.stdin is not None and drawer.stdout is not None
        pickle.dump((inputs, CHUNK), drawer.stdin)
        drawer.stdin.close()
        while True:
            try:
                chunk = pickle.load(drawer.stdout)
            except EOFError:
                raise RuntimeError(
                    f"the process drawing sample cases ended early (exit code {drawer.wait()})"
                ) from None
            if chunk is None:
                break
            yield from chunk
    finally:
        if drawer.poll() is None:
            drawer.kill()
        drawer.wait()
        drawer.stdout.close()


def _shop(count: int, seed: int | None, now: dt.datetime, actor: str, known: int):
    from casemanager.services.demo.generate import SampleShop  # it imports this module

    return SampleShop(count, seed, now, actor, known)


def _draw() -> None:
    """The second process: read the inputs, write every history a chunk at a time, then None."""
    inputs, size = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    chunk: list[CaseHistory] = []
    for history in _shop(*inputs).histories():
        chunk.append(history)
        if len(chunk) == size:
            pickle.dump(chunk, out, protocol=pickle.HIGHEST_PROTOCOL)
            chunk = []
    pickle.dump(chunk, out, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump(None, out)
    out.flush()


if __name__ == "__main__":
    try:
        _draw()
    except BrokenPipeError:  # the recording process stopped (failed or interrupted): so do we
        sys.stderr.close()
        sys.exit(1)

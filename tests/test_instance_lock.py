"""One application per database file; a killed owner's lock does not linger."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from casemanager.store.instance_lock import AlreadyOpen, InstanceLock

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from casemanager.store.instance_lock import InstanceLock
    lock = InstanceLock(Path(sys.argv[1]))
    lock.acquire()
    print("locked", flush=True)
    time.sleep(60)
    """
)


def test_second_open_is_refused_naming_the_owner(db_path):
    """A second window on the same file is refused with who holds it."""
    with InstanceLock(db_path), pytest.raises(AlreadyOpen) as info:
        InstanceLock(db_path).acquire()
    assert str(os.getpid()) in str(info.value)
    assert str(db_path) in str(info.value)
    InstanceLock(db_path).acquire()  # released on exit: free again


def test_lock_of_a_killed_process_is_recovered(db_path):
    """After a crash the shop can open its database again without deleting files."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyOpen):
            InstanceLock(db_path).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    lock = InstanceLock(db_path)
    lock.acquire()
    assert lock.owner()["pid"] == os.getpid()
    lock.release()

"""The writer killed by the kill-9 suite, and the process that forks and kills it.

``python -m tests.faults.kill9 DB BUNDLE BACKUPS SEED`` imports the application once,
then per line ``kill ROUND`` on its standard input forks a writer on DB that works
through case creation, evidence, decisions, letters, import and backup, reporting
each acknowledged write (``ack KIND ...``, printed only after the service returned)
on a pipe. At a point chosen from SEED and ROUND (after some acknowledgements, plus
a random delay that lands inside a later write, or while a transaction is held open)
it sends the writer SIGKILL and prints the round's report as one JSON line. Forking a
warm process makes a kill point cost milliseconds of start-up instead of a second.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sys
import time
import traceback
from pathlib import Path

from casemanager.policy import load_pack
from casemanager.services.cases.records import create_case
from casemanager.services.context import AppContext
from casemanager.services.evidence.intake import NewEvidence, add_evidence
from casemanager.services.files import backups, bundles
from casemanager.services.letters import issuing
from casemanager.services.lifecycle import transitions
from casemanager.services.lifecycle.decisions import DecisionInput, record_decision
from tests.factories import IST, new_case
from tests.letters.helpers import ANTNUM

AT = dt.datetime(2026, 3, 10, 12, 0, tzinfo=IST)


def _ack(out, *parts: object) -> None:
    out.write(" ".join(["ack", *map(str, parts)]) + "\n")
    out.flush()


def work(db: str, bundle: Path, backup_dir: Path, tag: str, hold_open_after: int, out) -> None:
    """Write until killed; with ``hold_open_after`` >= 0, hold a transaction open after that
    many cases (reporting ``open NUMBER``) and wait there to be killed."""
    ctx = AppContext.open(db, actor="writer", backups=backup_dir)
    n = 0
    while True:
        n += 1
        if n - 1 == hold_open_after:
            with ctx.transaction():
                number = create_case(ctx, new_case(**{**ANTNUM, "order_ref": f"{tag}-open"})).number
                out.write(f"open {number}\n")
                out.flush()
                time.sleep(3600)
        number = create_case(ctx, new_case(**{**ANTNUM, "order_ref": f"{tag}-{n}"})).number
        _ack(out, "case", number)
        data = f"receipt {tag}-{n}\n".encode()
        proof = NewEvidence(data, f"receipt-{n}.txt", "payment_proof", AT)
        (added,) = add_evidence(ctx, number, [proof]).added
        _ack(out, "evidence", number, added.sha256)
        transitions.transition(ctx, number, "acknowledge", at=AT)
        transitions.transition(ctx, number, "start_review", at=AT + dt.timedelta(hours=1))
        _ack(out, "status", number)
        decision = DecisionInput(
            outcome="rejected",
            clauses=["3.1"],
            explanation="The key was reported after the report window.",
            decided_by="writer",
            at=AT + dt.timedelta(days=1),
        )
        record_decision(ctx, number, decision)
        _ack(out, "decision", number)
        letter = issuing.issue(ctx, number, "rejection")
        _ack(out, "letter", number, letter.sha256)
        result = bundles.import_bundle(ctx, bundle, on_conflict="copy")
        _ack(out, "import", *(new for _, new in result.imported))
        _ack(out, "backup", backups.backup_now(ctx, backup_dir))


def kill_round(args: list[str], round_no: int) -> dict:
    db, bundle, backup_dir, seed = args[0], Path(args[1]), Path(args[2]), int(args[3])
    rng = random.Random(seed * 100_003 + round_no)
    hold = rng.randrange(3) if rng.random() < 0.15 else -1
    after = rng.randrange(1, 8)  # acknowledgements before the kill point: 7 writes per loop
    delay = rng.random() * 0.03  # then lands somewhere inside a later write
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the writer
        os.close(read_fd)
        out = os.fdopen(write_fd, "w")
        try:
            work(db, bundle, backup_dir, f"R{round_no}", hold, out)
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(1)
    os.close(write_fd)
    acks: list[str] = []
    in_flight = None
    with os.fdopen(read_fd) as pipe:
        while True:
            line = pipe.readline()
            if not line:
                break  # the writer died on its own: reported as a failure below
            if line.startswith("open"):
                in_flight = line.split()[1]
                break
            acks.append(line.split(maxsplit=1)[1].strip())
            if hold < 0 and len(acks) >= after:
                time.sleep(delay)
                break
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        # Acknowledged between the kill point and the kill: acknowledged too.
        acks += [x.split(maxsplit=1)[1].strip() for x in pipe.read().splitlines() if x]
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return {"round": round_no, "acks": acks, "open": in_flight, "killed": killed}


def main() -> None:
    args = sys.argv[1:]
    # Loaded once here, inherited by every writer: the packs, their holiday data, the
    # bundle importer and the lock library the open after a kill consults (each loaded
    # on first use, which every forked writer would pay again).
    for pack in ("antnum", "antimart"):
        load_pack(pack).service_calendar().holiday_names(AT.date())
    import filelock  # noqa: F401

    import casemanager.services.files.bundle_import  # noqa: F401

    for line in sys.stdin:
        command, round_no = line.split()
        assert command == "kill"
        print(json.dumps(kill_round(args, int(round_no))), flush=True)


if __name__ == "__main__":
    main()

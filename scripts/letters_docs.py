"""Render page 1 of a rejection, an acknowledgement and an approval from demo data.

Usage: .venv/bin/python scripts/letters_docs.py [OUT_DIR]   (default docs/letters)
Needs pdftoppm (poppler-utils). Writes rejection.png, acknowledgement.png,
approval.png (80 dpi).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw

from casemanager.clock import FixedClock
from casemanager.services.admin import settings
from casemanager.services.context import AppContext
from casemanager.services.demo import generate
from casemanager.services.letters import issuing
from casemanager.store.models import Case, Decision

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


def _logo(path: Path) -> Path:
    img = Image.new("RGBA", (240, 96), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((0, 0, 96, 96), radius=18, fill=(44, 74, 107, 255))
    draw.rectangle((24, 30, 72, 66), outline=(255, 255, 255, 255), width=6)
    draw.line((72, 48, 92, 48), fill=(255, 255, 255, 255), width=6)
    img.save(path)
    return path


def _pick(query) -> Case:
    # Prefer a customer whose name is not ASCII: the letter shows the fonts at work.
    cases = list(query.order_by(Case.id))
    named = [c for c in cases if not c.customer.name.isascii()]
    return (named or cases)[0]


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(
            str(Path(tmp) / "demo.sqlite3"), clock=FixedClock(NOW), actor="Asha Rao",
            backups=Path(tmp) / "backups",
        )  # fmt: skip
        generate.generate(ctx, 150, seed=7)
        current = settings.load(ctx)
        sha = settings.store_logo(ctx, _logo(Path(tmp) / "logo.png"))
        shop = replace(
            current.shop, name="Pixel Keys Pvt. Ltd.", logo_sha256=sha,
            address="Unit 4, 2nd Floor, 12 MG Road\nBengaluru 560001, India",
            email="support@pixelkeys.in", phone="+91 80 4123 5678", website="pixelkeys.in",
        )  # fmt: skip
        settings.save(ctx, replace(current, shop=shop, user_name="Asha Rao"))
        rejected = _pick(
            Case.select().join(Decision).where(
                (Case.status == "rejected") & (Case.policy_id == "antnum")
                & (Decision.outcome == "rejected")
            )
        )  # fmt: skip
        approved = _pick(
            Case.select().join(Decision).where(
                (Case.status == "approved") & Decision.refund_amount.is_null(False)
            )
        )  # fmt: skip
        received = _pick(Case.select().where(Case.status == "received"))
        for kind, case in (
            ("rejection", rejected),
            ("acknowledgement", received),
            ("approval", approved),
        ):
            pdf = Path(tmp) / f"{kind}.pdf"
            pdf.write_bytes(issuing.preview(ctx, case.number, kind).pdf)
            subprocess.run(
                ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                 str(out / kind)],
                check=True,
            )  # fmt: skip
            print(f"{kind}: {case.number} ({case.customer.name}) -> {out / kind}.png")
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/letters")))

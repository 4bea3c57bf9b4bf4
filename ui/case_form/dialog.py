"""CaseFormDialog: record a new case or correct one, with the live assessment beside it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casemanager.services.admin import settings
from casemanager.services.cases import drafts, secrets
from casemanager.services.cases.drafts import CaseDraft, DraftError
from casemanager.services.cases.edits import EditVersion, StaleEdit
from casemanager.services.context import AppContext
from ui.base_dialog import BaseDialog
from ui.case_form.fields import CaseFields
from ui.case_form.panel import AssessmentPanel
from ui.case_form.stale_bar import StaleBar

ASSESS_DELAY_MS = 150
# A field being typed in shows its problems after this pause, as if it had been left.
CHECK_DELAY_MS = 700


class CaseFormDialog(BaseDialog):
    """New case when ``number`` is None, else an edit of that case."""

    case_saved = Signal(str)
    # Several forms may be open beside the main window at once.
    modality = Qt.WindowModality.NonModal
    default_size = (1260, 740)
    geometry_key = "case_form/geometry"

    def __init__(self, ctx: AppContext, number: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.number = number
        self.setWindowTitle(f"Case {number}" if number else "New case")
        self.setObjectName("caseForm")
        shop = settings.shop_profile(ctx)
        self.fields = CaseFields(ctx, drafts.pack_choices(), shop.timezone, self)
        self.fields.number = number
        self.panel = AssessmentPanel(self)
        self.touched: set[str] = set()
        self._showing_all = False
        self.opened: EditVersion | None = None  # what an edit was opened on
        self.stale_version: EditVersion | None = None  # what a stale refusal found saved
        self._note: str | None = None  # the correction's reason, kept across a stale refusal
        self._build()
        self._load(shop)
        self._saved_draft = self.fields.draft(self._evidence)
        self._assess_timer = QTimer(self, singleShot=True, interval=ASSESS_DELAY_MS)
        self._assess_timer.timeout.connect(self.refresh_assessment)
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._paused)
        self.fields.changed.connect(self._changed)
        self.fields.reveal_requested.connect(self.reveal_license)
        for name, widget in self.fields.inputs.items():
            # A field made of parts (amount and currency, a date and its calendar)
            # is left when focus leaves any of its parts.
            for part in (widget, *widget.findChildren(QWidget)):
                part.installEventFilter(self)
                part.setProperty("field_name", name)
        self.refresh_assessment()

    def _build(self) -> None:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields)
        self.message = self.error_label("formMessage")
        self.stale = StaleBar(self)
        self.stale.reload_requested.connect(self.reload)
        self.stale.keep_requested.connect(self.keep_my_values)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        body = QHBoxLayout()
        body.addWidget(scroll, 3)
        body.addWidget(self.panel, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.stale)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _load(self, shop: settings.ShopProfile) -> None:
        if self.number:
            draft, self.opened = drafts.open_draft(self.ctx, self.number)
            self.fields.mask_license(bool(draft.license_code))
        else:
            policy = settings.load(self.ctx).default_policy
            zone = drafts.pack_zone(policy)
            currency = next(
                (p.currency for p in drafts.pack_choices() if p.id == policy), shop.currency
            )
            draft = CaseDraft(policy_id=policy, zone=zone, currency=currency or shop.currency)
        self._evidence = draft.evidence
        self.fields.load(draft, drafts.wall_now(self.ctx, draft.zone))

    # -- live feedback ----------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == event.Type.FocusOut and watched.property("field_name"):
            self.touched.add(watched.property("field_name"))
            self._show_problems()
        return super().eventFilter(watched, event)

    def _changed(self) -> None:
        self._assess_timer.start()
        self._check_timer.start()
        self._show_problems()

    def _paused(self) -> None:
        """The field being typed in is checked after a short pause, without leaving it."""
        focused = QApplication.focusWidget()
        name = focused.property("field_name") if focused is not None else None
        if name:
            self.touched.add(name)
            self._show_problems()

    def draft(self) -> CaseDraft:
        return self.fields.draft(self._evidence)

    def problems(self) -> dict[str, str]:
        """Every field's problem now, typed dates that cannot be read included."""
        found = drafts.validate(self.draft(), self.ctx.clock.now())
        return {**found, **self.fields.typing_problems()}

    def _show_problems(self) -> None:
        problems = self.problems()
        self.fields.show_problems(problems, None if self._showing_all else self.touched)
        if self._showing_all and not problems:
            self.message.clear()

    def refresh_assessment(self) -> None:
        view = drafts.assess_draft(self.draft())
        problems = self.problems()
        said = problems.get(view.problem_field, "")
        if said and not said.endswith("required"):
            # A value is there but wrong: the panel says what the field says, not "needed".
            view = replace(view, problem=said)
        self.panel.show_view(view)

    def is_dirty(self) -> bool:
        return self.draft() != self._saved_draft

    # -- saving and closing -----------------------------------------------------------

    def save(self) -> bool:
        """Save if valid; otherwise show every problem and keep everything typed."""
        self._showing_all = True
        note = self._note or ""
        if self.number and self.is_dirty() and self._note is None:
            note, ok = QInputDialog.getText(self, "Correction", "Why is the case corrected?")
            if not ok:
                return False
        try:
            case = drafts.save_draft(self.ctx, self.draft(), self.number, note, self.opened)
        except StaleEdit as exc:
            # Another seat saved first: nothing was written; the owner chooses what wins.
            self._note = note
            self.stale_version = exc.current
            self.stale.show_change(str(exc))
            self.message.setText("Not saved: the case changed meanwhile.")
            return False
        except DraftError as exc:
            self.fields.show_problems(exc.problems)
            count = len(exc.problems)
            self.message.setText(f"{count} field(s) need attention before saving.")
            first = next(iter(exc.problems))
            widget = self.fields.inputs.get(first) or self.fields.inputs.get("amount")
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        except Exception as exc:  # the database refused: say so, keep the form as typed
            self.message.setText(f"Not saved: {exc}")
            return False
        self.number = case.number
        self._note = None
        self.stale.hide()
        self.setWindowTitle(f"Case {case.number}")
        self._saved_draft = self.draft()
        self.message.clear()
        self.case_saved.emit(case.number)
        self.accept()
        return True

    def reload(self) -> None:
        """Show the case as now saved (the other seat's change), dropping what was typed."""
        self._note = None
        self.stale.hide()
        self.message.setText("Reloaded: the form shows the case as it is saved now.")
        self._load(settings.shop_profile(self.ctx))
        self._saved_draft = self.draft()
        self.refresh_assessment()

    def keep_my_values(self) -> bool:
        """Save the form's values over the other change (on the version now saved)."""
        self.opened = self.stale_version
        self.stale.hide()
        return self.save()

    def reveal_license(self) -> None:
        if not self.number:
            return
        code = secrets.reveal_license_code(self.ctx, self.number, "case form")
        self.fields.license.setText(code)
        self.fields.mask_license(False)
        self._saved_draft = self.draft() if not self.is_dirty() else self._saved_draft

    def confirm_discard(self) -> bool:
        """True when there is nothing unsaved, or the owner agrees to discard it."""
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            "This case has changes that are not saved. Discard them?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        # Escape, Cancel and the close box all come here (QDialog.closeEvent calls reject).
        if self.confirm_discard():
            super().reject()

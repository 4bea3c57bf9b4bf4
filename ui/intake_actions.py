"""The main window's ways in: case files, mails, mailboxes and order exports.

A mixin of ``MainWindow``: each entry opens its dialog and, once a case is saved
from it, hands the number back to the window (``_case_saved``, ``open_case``).
Each dialog's module is imported when first used, not with the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ui import file_dialogs

if TYPE_CHECKING:
    from casemanager.services.context import AppContext
    from ui.case_form.dialog import CaseFormDialog


class IntakeActions:
    """File ▸ Import… entries; the window gives ``ctx``, ``_case_saved`` and ``_open_form``."""

    ctx: AppContext

    def import_bundle(self) -> None:
        from ui import import_dialog

        import_dialog.import_case_file(self, self.ctx)

    def import_mail(self, paths: list[str] | bool | None = None) -> list:
        """Review dialogs for mails picked (or dropped on the list) before any case is made."""
        from casemanager.services.cases import mailboxes
        from ui.mail.review import open_mail_files

        if not isinstance(paths, list):  # the menu action passes its checked state
            paths = file_dialogs.open_files(
                self, "Import mail", "Mail (*.eml *.msg);;Mailboxes (*.mbox *.mbx);;All (*)"
            )
        boxes = [p for p in paths if mailboxes.is_mailbox(p)]
        for path in boxes:
            self.open_mailbox(path)
        mails = [p for p in paths if p not in boxes]
        return open_mail_files(self, self.ctx, mails, self._case_saved) if mails else []

    def import_maildir(self) -> None:
        folder = file_dialogs.folder(self, "Import a Maildir folder")
        if folder:
            self.open_mailbox(folder)

    def open_mailbox(self, path: str) -> QWidget:
        """The mailbox's messages, listed in the background, to pick claims from."""
        from pathlib import Path

        from ui.mail.mailbox_dialog import MailboxDialog

        dialog = MailboxDialog(self.ctx, Path(path), self)
        dialog.case_saved.connect(self._case_saved)
        self.mailbox_dialog = dialog
        dialog.show()
        dialog.start()
        return dialog

    def import_orders(self) -> None:
        from ui.orders.import_dialog import import_orders_file

        self.orders_dialog = import_orders_file(self, self.ctx)

    def show_orders(self) -> QWidget:
        """The orders view: find an imported order and start a case from it."""
        from ui.orders.orders_view import OrdersDialog

        dialog = OrdersDialog(self.ctx, self)
        dialog.new_case_requested.connect(self.new_case_from_order)
        dialog.case_opened.connect(lambda number: (self.refresh(), self.open_case(number)))
        self.orders_view = dialog
        dialog.show()
        return dialog

    def new_case_from_order(self, order_line: int) -> CaseFormDialog:
        form = self._open_form(None)
        form.fields.fill_from_order(order_line)
        return form

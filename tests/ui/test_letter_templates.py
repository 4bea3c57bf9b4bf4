"""The letter wording dialog: edit, save as a new version, typos named without losing text."""

from __future__ import annotations

from casemanager.services.letters import issuing
from ui.letters import LetterTemplatesDialog


def test_edit_and_save_template(qtbot, ctx):
    """The shop's edit becomes the wording in use; a typo is named and the text stays."""
    dialog = LetterTemplatesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.name_box.setCurrentIndex(dialog.name_box.findData("acknowledgement"))
    assert "{review_promise}" in dialog.editor.toPlainText()
    assert "{review_promise}" in dialog.fields.text()
    typo = dialog.editor.toPlainText() + "\nSee you, {custmer_name}."
    dialog.editor.setPlainText(typo)
    dialog.save()
    assert "custmer_name" in dialog.status.text()
    assert dialog.editor.toPlainText() == typo
    assert issuing.current_template(ctx, "acknowledgement").version.startswith("builtin-")
    dialog.editor.setPlainText(typo.replace("custmer_name", "customer_name"))
    with qtbot.waitSignal(dialog.template_saved) as saved:
        dialog.save()
    assert saved.args == ["acknowledgement", "shop-1"]
    assert "See you, {customer_name}." in issuing.template_text(ctx, "acknowledgement")

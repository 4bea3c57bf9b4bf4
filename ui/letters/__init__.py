"""Letter preview, issuing and printing."""

from ui.letters.preview import LetterPreviewDialog
from ui.letters.templates_dialog import LetterTemplatesDialog

__all__ = ["LetterPreviewDialog", "LetterTemplatesDialog"]

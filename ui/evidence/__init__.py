"""The evidence tab of a case: thumbnails, preview, proof checklist."""

from ui.evidence.evidence_tab import EvidenceTab

__all__ = ["EvidenceTab"]

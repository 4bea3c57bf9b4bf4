"""A tagged PDF: the structure tree (headings, paragraphs, quotes, lists, tables) in reading order.

ReportLab writes no structure tree, so the letters build one themselves
(PDF 32000-1, 14.7-14.8): each flowable that prints text is given a ``Node``
(its structure type and parent) when the story is built; drawing it wraps what it
draws in ``/P <</MCID n>> BDC … EMC`` and records the marked content against its
node; page furniture (letterhead, rules, footer, page numbers, the DRAFT mark)
is marked ``/Artifact``. When the document is saved, ``write_tree`` turns the
records into ``/StructTreeRoot`` with its ``/ParentTree``, gives each page its
``/StructParents`` and marks the catalog ``/MarkInfo <</Marked true>>``.

Everything is numbered in drawing order, so the same letter gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.platypus import HRFlowable, Image, LongTable, Paragraph

ARTIFACT = "Artifact"


class Node:
    """One structure element: its type (``P``, ``H1``, ``TD`` …) and the element it belongs to.

    ``actual``: the element's text as typed, for readers of the structure (the drawn
    lines have no space between them, and right-to-left words are drawn reordered).
    """

    __slots__ = ("actual", "parent", "tag")

    def __init__(self, tag: str, parent: Node | None = None, actual: str | None = None) -> None:
        self.tag, self.parent, self.actual = tag, parent, actual


class _Element:
    def __init__(self, tag: str, parent: _Element | None, actual: str | None = None) -> None:
        self.tag, self.parent, self.actual = tag, parent, actual
        self.kids: list[_Element | tuple[int, int]] = []  # elements and (page, mcid)


class StructTree:
    """What a canvas has marked so far: the elements, and each page's marked contents."""

    def __init__(self) -> None:
        self.root = _Element("Document", None)
        self._elements: dict[int, _Element] = {}
        self._nodes: list[Node] = []  # kept alive so their ids stay unique
        self.pages: list[list[_Element]] = []  # per page: the element of each MCID

    def _element(self, node: Node) -> _Element:
        found = self._elements.get(id(node))
        if found is None:
            parent = self._element(node.parent) if node.parent is not None else self.root
            found = _Element(node.tag, parent, node.actual)
            parent.kids.append(found)
            self._elements[id(node)] = found
            self._nodes.append(node)
        return found

    def begin(self, page: int, node: Node) -> int:
        """A new marked content of ``node`` on ``page`` (0-based); its MCID."""
        element = self._element(node)
        while len(self.pages) <= page:
            self.pages.append([])
        mcid = len(self.pages[page])
        self.pages[page].append(element)
        element.kids.append((page, mcid))
        return mcid


def _tree(canv: Any) -> StructTree | None:
    return getattr(canv, "struct_tree", None)


def marked(canv: Any, node: Node | str | None, draw: Callable[[], None]) -> None:
    """Run ``draw`` inside the marked content of ``node`` (or as an artifact, or unmarked)."""
    tree = _tree(canv)
    if tree is None or node is None:
        draw()
        return
    if node == ARTIFACT or isinstance(node, str):
        canv._code.append(f"/{ARTIFACT} BMC")
    else:
        mcid = tree.begin(canv.page_index, node)
        canv._code.append(f"/{node.tag} <</MCID {mcid}>> BDC")
    draw()
    canv._code.append("EMC")


class TaggedParagraph(Paragraph):
    """A paragraph drawn as the marked content of its structure element.

    A paragraph drawn a second time (a table's heading row repeated on the next
    page) is an artifact: its text is already in the tree once.
    """

    node: Node | str | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        node = ARTIFACT if getattr(self, "_cm_drawn", False) and self.node else self.node
        self._cm_drawn = True
        marked(canvas, node, lambda: super(TaggedParagraph, self).drawOn(canvas, x, y, _sW))

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        pieces = super().split(availWidth, availHeight)
        for piece in pieces:
            if isinstance(piece, TaggedParagraph):
                piece.node = self.node  # both halves belong to the same element
        return pieces


class TaggedTable(LongTable):
    """A table whose rules and backgrounds are artifacts (its cells carry the structure)."""

    def _drawBkgrnd(self) -> None:  # noqa: N802 (ReportLab's name)
        marked(self.canv, ARTIFACT, super()._drawBkgrnd)

    def _drawLines(self) -> None:  # noqa: N802 (ReportLab's name)
        marked(self.canv, ARTIFACT, super()._drawLines)


class ArtifactRule(HRFlowable):
    """A horizontal rule, page furniture."""

    def draw(self) -> None:
        marked(self.canv, ARTIFACT, super().draw)


class ArtifactImage(Image):
    """The shop's logo, page furniture."""

    def draw(self) -> None:
        marked(self.canv, ARTIFACT, super().draw)


def write_tree(doc: Any, tree: StructTree, page_refs: list[Any]) -> None:
    """Write the structure tree, its parent tree and the marked flag into the document."""
    names: dict[int, str] = {}

    def name(element: _Element) -> str:
        if id(element) not in names:
            names[id(element)] = f"CMStruct{len(names)}"
        return names[id(element)]

    def ref(element: _Element) -> Any:
        return pdfdoc.PDFObjectReference(name(element))

    root_name = "CMStructTreeRoot"
    order: list[_Element] = []
    stack = [tree.root]
    while stack:  # depth first, in reading order, so objects are numbered in that order
        element = stack.pop()
        order.append(element)
        name(element)
        stack += [k for k in reversed(element.kids) if isinstance(k, _Element)]
    for element in order:
        kids: list[Any] = []
        for kid in element.kids:
            if isinstance(kid, _Element):
                kids.append(ref(kid))
            else:
                page, mcid = kid
                mcr = {"Type": pdfdoc.PDFName("MCR"), "Pg": page_refs[page], "MCID": mcid}
                kids.append(pdfdoc.PDFDictionary(mcr))
        parent = (
            ref(element.parent)
            if element.parent is not None
            else pdfdoc.PDFObjectReference(root_name)
        )
        entry = {
            "Type": pdfdoc.PDFName("StructElem"),
            "S": pdfdoc.PDFName(element.tag),
            "P": parent,
            "K": pdfdoc.PDFArray(kids),
        }
        if element.actual:
            entry["ActualText"] = pdfdoc.PDFString(element.actual)
        doc.Reference(pdfdoc.PDFDictionary(entry), name(element))
    nums: list[Any] = []
    for page in range(len(page_refs)):
        elements = tree.pages[page] if page < len(tree.pages) else []
        nums += [page, pdfdoc.PDFArray([ref(e) for e in elements])]
    parent_tree = pdfdoc.PDFDictionary({"Nums": pdfdoc.PDFArray(nums)})
    root = {
        "Type": pdfdoc.PDFName("StructTreeRoot"),
        "K": pdfdoc.PDFArray([ref(tree.root)]),
        "ParentTree": doc.Reference(parent_tree, "CMParentTree"),
        "ParentTreeNextKey": len(page_refs),
    }
    doc.Catalog.StructTreeRoot = doc.Reference(pdfdoc.PDFDictionary(root), root_name)
    doc.Catalog.MarkInfo = pdfdoc.PDFDictionary({"Marked": pdfdoc.PDFtrue})


def give_struct_parents(page: Any, index: int) -> None:
    """Point a page at its entry of the parent tree (ReportLab's page knows no such key)."""
    page.StructParents = index
    page.__NoDefault__ = [*pdfdoc.PDFPage.__NoDefault__, "StructParents", "Tabs"]
    page.Tabs = pdfdoc.PDFName("S")

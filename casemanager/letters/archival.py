"""Archival parts of every document: XMP metadata matching the document information, sRGB intent.

PDF/A (ISO 19005) asks for XMP metadata that repeats the document information
dictionary (title, author, subject, dates, producer) and, when device colours
are used, an output intent with an ICC profile. Both are written here: the
sRGB profile comes from Pillow's LittleCMS (built in memory, no file needed).
No PDF/A conformance is claimed (no ``pdfaid`` entry): without a validator the
claim could not be checked.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

from reportlab.pdfbase import pdfdoc


def escape(text: str) -> str:
    """XML text escaped (&, <, >); ``xml.sax.saxutils`` would load urllib, http and ssl."""
    return html.escape(text, quote=False)


_SRGB = "sRGB IEC61966-2.1"


def _iso(stamp: Any) -> str:
    y, mo, d, h, mi, s = stamp.YMDhms
    return f"{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"


def xmp_packet(info: Any, stamp: Any, lang: str) -> str:
    """The XMP packet for ReportLab's document information ``info`` at time ``stamp``."""
    lang_attr = html.escape(lang or "x-default")

    def alt(value: str) -> str:
        return (
            f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li>'
            f'<rdf:li xml:lang="{lang_attr}">{escape(value)}</rdf:li></rdf:Alt>'
        )

    when = _iso(stamp)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/">\n'
        "<dc:format>application/pdf</dc:format>\n"
        f"<dc:title>{alt(info.title or '')}</dc:title>\n"
        f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author or '')}</rdf:li>"
        "</rdf:Seq></dc:creator>\n"
        f"<dc:description>{alt(info.subject or '')}</dc:description>\n"
        f"<dc:language><rdf:Bag><rdf:li>{lang_attr}</rdf:li></rdf:Bag></dc:language>\n"
        f"<xmp:CreatorTool>{escape(info.creator or '')}</xmp:CreatorTool>\n"
        f"<xmp:CreateDate>{when}</xmp:CreateDate>\n"
        f"<xmp:ModifyDate>{when}</xmp:ModifyDate>\n"
        f"<xmp:MetadataDate>{when}</xmp:MetadataDate>\n"
        f"<pdf:Producer>{escape(info.producer or '')}</pdf:Producer>\n"
        f"<pdf:Keywords>{escape(info.keywords or '')}</pdf:Keywords>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """An sRGB ICC profile, built by LittleCMS through Pillow."""
    from PIL import ImageCms  # noqa: PLC0415 (only when a document is saved)

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


class _Binary(pdfdoc.PDFStream):
    """A stream of bytes (the ICC profile), written as they are after compression."""

    def __init__(self, data: bytes, **entries: Any) -> None:
        super().__init__(dictionary=pdfdoc.PDFDictionary(entries), content=data)
        self.filters = [pdfdoc.PDFZCompress]


def add_archival_parts(doc: Any, lang: str) -> None:
    """Give the document its XMP metadata and its sRGB output intent."""
    packet = xmp_packet(doc.info, doc._timeStamp, lang).encode("utf-8")
    metadata = pdfdoc.PDFStream(
        dictionary=pdfdoc.PDFDictionary(
            {"Type": pdfdoc.PDFName("Metadata"), "Subtype": pdfdoc.PDFName("XML")}
        ),
        content=packet,
    )
    metadata.filters = []  # readable as it stands, as PDF/A asks of metadata
    doc.Catalog.Metadata = doc.Reference(metadata, "CMMetadata")
    try:
        icc = srgb_profile()
    except ImportError:  # a Pillow built without LittleCMS: the letter still goes out
        return
    profile = doc.Reference(_Binary(icc, N=3), "CMOutputProfile")
    intent = pdfdoc.PDFDictionary(
        {
            "Type": pdfdoc.PDFName("OutputIntent"),
            "S": pdfdoc.PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": pdfdoc.PDFString(_SRGB),
            "Info": pdfdoc.PDFString(_SRGB),
            "DestOutputProfile": profile,
        }
    )
    doc.Catalog.OutputIntents = pdfdoc.PDFArray([intent])
    doc.Catalog.__NoDefault__ = [*pdfdoc.PDFCatalog.__NoDefault__, "OutputIntents"]

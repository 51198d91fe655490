"""Escaping the exports share: text XML can carry, URLs that cannot break out of a link, JSON inside HTML."""

from __future__ import annotations

import html
import json
import os
import re
import string

__all__ = [
    "doi_url",
    "json_in_html",
    "percent_encode",
    "pubmed_url",
    "show_path",
    "web_url",
    "xml_escape",
    "xml_text",
]

# Everything outside XML 1.0's Char production: control characters, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\\t\\n\\r\\x20-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]")

# Characters a URL keeps as they are; every other one is percent-encoded. Quotes, parentheses,
# brackets, angle brackets, braces, backslashes, spaces and "*" (Markdown emphasis) are not among them.
_URL_SAFE = frozenset(string.ascii_letters + string.digits + "-._~:/?#@!$&+,;=")
_HEX_PAIR = re.compile("[0-9A-Fa-f]{2}")
_WEB = re.compile(r"https?://[^/?#\s]", re.IGNORECASE)


def xml_text(text: str) -> str:
    """``text`` with each character XML 1.0 cannot carry replaced by U+FFFD, so that the document stays well-formed.

    >>> xml_text("a\\x0cb\\x00c")
    'a\\ufffdb\\ufffdc'
    """
    return _NOT_XML.sub("\ufffd", text)


def xml_escape(text: str, *, quote: bool = True) -> str:
    """``text`` as XML character data (or, with ``quote``, an attribute value): markup escaped, nothing lost.

    A carriage return becomes a character reference, which an XML reader keeps (a raw one
    is read as a line feed).

    >>> xml_escape('<a href="x">\\r\\x0c')
    '&lt;a href=&quot;x&quot;&gt;&#13;\\ufffd'
    """
    return html.escape(xml_text(text), quote=quote).replace("\r", "&#13;")


def percent_encode(text: str, safe: frozenset[str] = _URL_SAFE) -> str:
    """``text`` with every character outside ``safe`` percent-encoded as UTF-8 (an existing ``%XX`` is kept).

    >>> percent_encode("a b/<c>%41%zz")
    'a%20b/%3Cc%3E%41%25zz'
    """
    out = []
    for index, char in enumerate(text):
        if char in safe or (char == "%" and _HEX_PAIR.match(text, index + 1)):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return "".join(out)


def web_url(url: str) -> str | None:
    """An ``http``/``https`` URL made safe to put in a link; None for any other scheme (``javascript:``, ``data:``).

    >>> web_url("https://example.org/><svg/onload=alert(1)>")
    'https://example.org/%3E%3Csvg/onload=alert%281%29%3E'
    >>> web_url("javascript:alert(1)") is None
    True
    """
    return percent_encode(url) if _WEB.match(url) else None


def doi_url(doi: str) -> str:
    """The ``https://doi.org/`` URL of a DOI; ``?`` and ``#`` belong to the DOI, so they are encoded too.

    >>> doi_url("10.1234/x)<script>")
    'https://doi.org/10.1234/x%29%3Cscript%3E'
    """
    return "https://doi.org/" + percent_encode(doi, _URL_SAFE - {"?", "#"})


def pubmed_url(pmid: str) -> str:
    """The PubMed URL of a PubMed ID.

    >>> pubmed_url("12345")
    'https://pubmed.ncbi.nlm.nih.gov/12345/'
    """
    return f"https://pubmed.ncbi.nlm.nih.gov/{percent_encode(pmid, frozenset(string.digits))}/"


def json_in_html(data: object) -> str:
    """Compact JSON to place inside an HTML ``<script>`` element: ``<``, ``>`` and ``&`` become JSON escapes.

    Escaped that way, no value can close the element (``</script>``) or open a comment.

    >>> json_in_html({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def show_path(path: str | os.PathLike[str]) -> str:
    """A path as a one-line message shows it: as it is, or quoted when it holds a control character.

    >>> show_path("out/hip.json"), show_path("out\\nx")
    ('out/hip.json', "'out\\\\nx'")
    """
    text = os.fspath(path)
    return text if text.isprintable() else repr(text)

"""HTML articles: the main text without the page around it, and metadata read from tags.

The main text comes from trafilatura (precision mode, no comments, no tables), so
menus, share buttons, related-article lists and comment forms stay out; paragraph
breaks become blank lines. When trafilatura finds nothing (very short or broken
pages) the text of ``<article>``/``<main>``/``<body>`` is used, with scripts, forms,
navigation and share/comment blocks removed. Dates, title, URL and outlet are read
from the markup with lxml only: nothing is guessed from the visible text.
"""
from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from timeline.errors import InputError
from timeline.readers.decode import (
    FROM_HTML,
    Draft,
    clean_text,
    declared_charset,
    decode_bytes,
    parse_published,
    read_limited,
)

#: Meta keys (property, name or itemprop; lower case) that hold the publication date,
#: after ``article:published_time`` which is always tried first.
DATE_META_KEYS = frozenset({
    "og:published_time", "og:article:published_time", "article:published", "published_time",
    "og:pubdate", "datepublished", "date", "pubdate", "publish-date", "publish_date",
    "publishdate", "publication_date", "article.published", "dc.date", "dc.date.issued",
    "dcterms.issued", "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date",
})
# Never part of an article's text.
_DROP = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe",
    "svg", "canvas", "object", "embed", "button", "select", "textarea", "input", "label",
    "option", "audio", "video", "map", "nav", "aside", "menu", "dialog",
})
# Page furniture, dropped unless it holds most of the page's text (ASP.NET pages wrap
# everything in one <form>; some themes put the article in a <header>).
_FURNITURE = frozenset({"header", "footer", "form"})
# Elements that end a paragraph (HTML, plus the tags of trafilatura's output).
_BLOCK = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
    "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption", "table",
    "tr", "td", "th", "address", "center", "hr", "head", "item", "list", "quote", "code",
    "row", "cell", "body",
})
_BOILERPLATE = re.compile(
    r"(?:^|[-_ ])(?:share|sharing|social|comments?|respond|reply|related|sidebar|menu|"
    r"breadcrumbs?|newsletter|subscribe|cookies?|ads?|advert\w*|promo|widget|nav|navbar|"
    r"footer|tags?|author-box|more-stories|read-more)(?:$|[-_ ])",
    re.IGNORECASE,
)


#: The most attributes one tag may carry (real pages stay under 50): the HTML parser's
#: time grows with the square of a tag's attributes, so a page past this is refused.
MAX_ATTRIBUTES = 1000
_TAG = re.compile(r"<[A-Za-z][^<>]*")
_ATTRIBUTE = re.compile(r"""[\s/]+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]*))?""")


def _check_budget(text: str, where: str) -> None:
    """Refuse, before parsing, a page with a tag of more than ``MAX_ATTRIBUTES`` attributes."""
    for tag in _TAG.finditer(text):
        if tag.end() - tag.start() > MAX_ATTRIBUTES * 2 and \
                sum(1 for _ in _ATTRIBUTE.finditer(text, tag.start(), tag.end())) > MAX_ATTRIBUTES:
            raise InputError(f"HTML tag <{text[tag.start() + 1:tag.start() + 21].split()[0]}> "
                             f"with more than {MAX_ATTRIBUTES} attributes: page refused", where)


def _parse(text: str) -> lxml_html.HtmlElement:
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    return lxml_html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)


def _one_line(value: str | None) -> str:
    return " ".join(clean_text(value).split()) if value else ""


def _metas(doc: lxml_html.HtmlElement) -> list[tuple[str, str]]:
    """``(key, content)`` of every ``<meta>`` with content, keyed by property, name or itemprop."""
    found = []
    for meta in doc.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop"):
            key = meta.get(attr)
            if key:
                found.append((key.strip().lower(), content.strip()))
    return found


def _json_ld(doc: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON object inside ``<script type="application/ld+json">`` blocks, in order."""
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        source = (script.text or "").strip()
        source = source.removeprefix("<![CDATA[").removesuffix("]]>")
        try:
            stack: list[Any] = [json.loads(source)]
        except (ValueError, RecursionError):
            continue
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack[:0] = graph


def date_candidates(doc: lxml_html.HtmlElement) -> Iterator[str]:
    """Publication dates written in the markup, most trusted first.

    ``article:published_time``; other date metas (Open Graph, ``itemprop=datePublished``,
    ``name=date|pubdate|publish-date`` and friends); JSON-LD ``datePublished``; then
    ``<time datetime>``, preferring one marked as the publication time or inside ``<article>``.
    """
    metas = _metas(doc)
    yield from (content for key, content in metas if key == "article:published_time")
    yield from (content for key, content in metas if key in DATE_META_KEYS)
    for element in doc.xpath("//*[not(self::meta)][@itemprop]"):
        if element.get("itemprop", "").strip().lower() == "datepublished":
            value = element.get("content") or element.get("datetime")
            if value:
                yield value
    for item in _json_ld(doc):
        value = item.get("datePublished")
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, str):
                yield one
    times = [t for t in doc.iter("time") if t.get("datetime")]
    marked = [t for t in times if t.get("pubdate") is not None
              or "publish" in (t.get("class") or "").lower()]
    in_article = [t for t in times if t.xpath("ancestor::article")]
    for element in marked + in_article + times:
        yield element.get("datetime", "")


def published_in_markup(doc: lxml_html.HtmlElement) -> str | None:
    """The first of :func:`date_candidates` that :func:`parse_published` accepts, as written."""
    for candidate in date_candidates(doc):
        value = candidate.strip()
        try:
            parse_published(value)
        except InputError:
            continue
        return value
    return None


def _text_length(element: etree._Element) -> int:
    return sum(len(t.strip()) for t in element.itertext())


def prune(doc: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """A copy of ``doc`` without scripts, forms, navigation and boilerplate blocks.

    Tags in ``_DROP`` always go. Furniture tags and elements whose class or id reads
    like share buttons, comments, related links, menus or tags go too, unless they
    hold half of the page's text or more (then they are the article's own wrapper).
    """
    tree = copy.deepcopy(doc)
    for element in [e for e in tree.iter() if not isinstance(e.tag, str) or e.tag in _DROP]:
        if element.getparent() is not None:
            element.drop_tree()
    half = _text_length(tree) / 2
    doomed = []
    walker = etree.iterwalk(tree, events=("start",))
    for _, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in ("html", "body"):
            continue
        marker = f"{element.get('class', '')} {element.get('id', '')}"
        if (tag in _FURNITURE or _BOILERPLATE.search(marker)) and _text_length(element) < half:
            doomed.append(element)
            walker.skip_subtree()
    for element in doomed:
        element.drop_tree()
    return tree


def _block_text(root: etree._Element) -> str:
    """The text under ``root``: one paragraph per block element, joined by blank lines."""
    parts: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "end":
            if tag in _BLOCK:
                parts.append("\n\n")
            if element.tail and element is not root:
                parts.append(element.tail)
        elif not tag or tag in _DROP:
            walker.skip_subtree()
        else:
            parts.append("\n\n" if tag in _BLOCK else " " if tag in ("br", "lb") else "")
            parts.append(element.text or "")
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", "".join(parts)))
    return "\n\n".join(p for p in paragraphs if p)


def _trafilatura_text(tree: lxml_html.HtmlElement) -> str:
    import trafilatura  # imported here: it takes a while and only HTML needs it

    try:
        result = trafilatura.bare_extraction(
            copy.deepcopy(tree), include_comments=False, include_tables=False,
            favor_precision=True, with_metadata=False,
        )
    except Exception:  # noqa: BLE001 - a third-party extractor; the fallback takes over
        return ""
    body = getattr(result, "body", None)
    return _block_text(body) if body is not None else ""


def main_text(doc: lxml_html.HtmlElement) -> str:
    """The article text of a parsed page, paragraphs separated by blank lines.

    The page is first pruned (:func:`prune`), then trafilatura picks the main content.
    When it finds nothing, the longest text of the ``<article>`` elements is used,
    else of ``<main>``, else of ``<body>``.
    """
    tree = prune(doc)
    text = _trafilatura_text(tree)
    if text.strip():
        return text
    for query in ("//article", "//main", "//*[@role='main']", "//body", "/*"):
        best = max((_block_text(root) for root in tree.xpath(query)), key=len, default="")
        if best.strip():
            return best
    return ""


def draft_from_html(data: bytes, where: str) -> Draft:
    """A Draft from the bytes of an HTML page: main text, title, URL, outlet and date."""
    source = decode_bytes(data, where, declared=declared_charset(data))
    _check_budget(source, where)
    try:
        doc = _parse(source)
    except (etree.LxmlError, ValueError):
        raise InputError("no article text found in HTML", where) from None
    text = clean_text(main_text(doc))
    if not text.strip():
        raise InputError("no article text found in HTML", where)
    metas = dict(reversed(_metas(doc)))  # the first of each key wins
    title = metas.get("og:title") or metas.get("twitter:title")
    if not title:
        title = next((t.text_content() for t in doc.iter("title")), "")
    url = metas.get("og:url") or next(
        (link.get("href") for link in doc.iter("link")
         if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")), None)
    published = published_in_markup(doc)
    return Draft(
        text=text,
        title=_one_line(title),
        url=_one_line(url) or None,
        outlet=_one_line(metas.get("og:site_name")) or None,
        published=published,
        published_from=FROM_HTML if published else None,
    )


def read_html(path: str | os.PathLike[str], limit: int) -> Draft:
    """Read one ``.html``/``.htm`` article (size limit, decoding, then :func:`draft_from_html`)."""
    return draft_from_html(read_limited(path, limit), str(path))

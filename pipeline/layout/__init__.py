"""Layout: page boundaries and blocks (body, footnotes, headings, abstracts, tables, captions).

Public contract (docs/ARCHITECTURE.md, "pages and layout"):

- :func:`find_pages` ``(text) -> list[(start, end)]``: pages covering the whole text.
- :func:`plan_layout` ``(text, pages, skip) -> LayoutPlan``: blocks in reading order; the
  builder in ``pipeline/document.py`` turns each :class:`BlockPlan` into mapped text.
"""

from pipeline.layout.pages import find_pages
from pipeline.layout.plan import BlockPlan, LayoutPlan, plan_layout

__all__ = ["BlockPlan", "LayoutPlan", "find_pages", "plan_layout"]

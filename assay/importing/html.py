"""HTML from other systems to clean Markdown: shortcodes removed, sanitized with the
allowlist (which drops comments, Gutenberg's block comments among them), converted
with markdownify. Broken block comments left in text are text repair's residue rule."""

from __future__ import annotations

import re

from markdownify import markdownify

from briefs.sanitize import clean_html

#: Shortcodes of WordPress and common page builders; [sic] and [1] are left alone.
_SHORTCODE = re.compile(
    r"\[/?(?:caption|gallery|embed|audio|video|playlist|wp_caption|contact-form-7|"
    r"et_pb_[a-z_]+|vc_[a-z_]+|fusion_[a-z_]+)\b[^\]]*\]"
    r"|\[[a-z][a-z0-9_-]*(?:\s+[a-z_-]+=(?:\"[^\"]*\"|'[^']*'|[^\s\]]+))+\s*/?\]")


def strip_shortcodes(html: str) -> str:
    """``html`` without WordPress shortcodes (their inner text stays).

    >>> strip_shortcodes('<p>[caption id="1"]A cat[/caption] [sic]</p>')
    '<p>A cat [sic]</p>'
    """
    return _SHORTCODE.sub("", html)


def html_to_markdown(html: str) -> str:
    """Sanitized Markdown for an article's HTML.

    >>> html_to_markdown('<!-- wp:heading --><h2>Facts</h2><!-- /wp:heading -->'
    ...                  '<p onclick="x()">A <b>bold</b> claim.'
    ...                  '<script>alert(1)</script></p><img src=x onerror="alert(1)">')
    '## Facts\\n\\nA **bold** claim.\\n\\n![](x)'
    """
    safe = clean_html(strip_shortcodes(html))
    markdown = markdownify(safe, heading_style="ATX", bullets="-", strip=["span"])
    markdown = re.sub(r"[ \t]+\n", "\n", markdown)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()

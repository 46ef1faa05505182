from django import template

from passerelles.sitepages.text import render_text

register = template.Library()


@register.filter
def site_text(value, heading_level=3):
    """The operator's plain text as escaped paragraphs, lists and headings (sitepages/text.py)."""
    return render_text(value, heading_level=int(heading_level))

"""Reading the site pages: the stored row, or the default text when the row is missing (an emptied database),
so that the pages and the footer never fail and never write on a GET."""

from passerelles.sitepages import defaults
from passerelles.sitepages.models import AccessibilityStatement, SitePage


def current_statement() -> AccessibilityStatement:
    return AccessibilityStatement.objects.order_by("pk").first() or AccessibilityStatement(
        **defaults.STATEMENT
    )


def site_page(slug: str) -> SitePage:
    return SitePage.objects.filter(slug=slug).first() or SitePage(slug=slug, **defaults.PAGES[slug])

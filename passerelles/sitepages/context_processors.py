"""The footer's « Accessibilité : … » on every page, read from the statement only when a page renders it."""

from django.utils.functional import SimpleLazyObject

from passerelles.sitepages.services import current_statement


def site_pages(request):
    return {"site_compliance": SimpleLazyObject(lambda: current_statement().get_compliance_display())}

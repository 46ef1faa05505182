"""Foundation: small helpers every domain app may import, and which import no domain app.

The scoped queryset base (``querysets``), file storage names and serving (``files``), image re-encoding
(``images``), working-time constants (``worktime``) and theme colours (``colours``). They lived in ``core``,
which also holds the pages that read every domain (dashboard, « À faire »): domain apps importing ``core``
and ``core`` importing them made each pair depend on the other. ``core`` is now the interface layer only.
"""

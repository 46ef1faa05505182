"""URL converters."""


class ColourConverter:
    """Six lower-case hexadecimal digits: an organisation's colour, without its « # » (the theme stylesheet)."""

    regex = "[0-9a-f]{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExportFormatConverter:
    """The file formats a table exports to (the dashboards, issue 16)."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

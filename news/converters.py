class TagSlugConverter:
    """A taggit slug: Unicode words (Chinese tags keep their characters), never control characters.

    `str` would accept a NUL byte, which PostgreSQL refuses in a query parameter.
    """

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value

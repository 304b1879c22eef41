"""Reading rendered pages in tests: parsed HTML, not substrings."""

from bs4 import BeautifulSoup


def parse(response):
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(element):
    return " ".join(element.get_text(" ", strip=True).split())


def document_order(soup, elements):
    """Positions of `elements` in document order (each must be on the page)."""
    everything = soup.find_all(True)
    positions = []
    for element in elements:
        assert element is not None, "an expected part of the page is missing"
        positions.append(next(index for index, node in enumerate(everything) if node is element))
    return positions


def block(soup, title):
    """The sidebar or page block whose heading reads `title`."""
    heading = soup.find(lambda tag: tag.name == "h2" and text(tag) == title)
    assert heading is not None, f"no block titled {title}"
    return heading.find_parent("section")


def links(element):
    return [(text(a), a["href"]) for a in element.find_all("a")]

import pytest

from working_groups.markdown import render


def test_markdown_becomes_html():
    html = render("**bold** and _italic_\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<li>one</li>" in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="#" onclick="alert(1)">click</a>',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))">styled</p>',
    ],
)
def test_the_sanitizer_strips_scripts_handlers_and_dangerous_urls(attack):
    html = render(attack).lower()
    for forbidden in ("<script", "onerror", "onclick", "javascript:", "data:", "<iframe", "style="):
        assert forbidden not in html, html


def test_links_get_nofollow_noopener():
    html = render("[our survey](https://example.com/survey)")
    assert 'href="https://example.com/survey"' in html
    assert 'rel="nofollow noopener"' in html


def test_headings_do_not_compete_with_the_page():
    assert render("# Big") == "<h3>Big</h3>"

import pytest

from alliance.text import Mentionable
from alliance.text import markdown_to_html as render
from alliance.text import render as render_text


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


# --- The pipeline with mentions: the app says who may be mentioned --------------------------

ANA = Mentionable(name="Ana", url="/people/1/", who="ana")
ANA_LIMA = Mentionable(name="Ana Lima", url="/people/2/", who="ana lima")


def test_a_mention_links_the_longest_name_the_text_continues_with():
    asked = []

    def mentionable(first_words):
        asked.append(first_words)
        return [ANA, ANA_LIMA]

    text = render_text("Thanks @Ana Lima and @ana, and @Ana Lima again", mentionable=mentionable)
    assert asked == [{"ana"}]
    assert text.mentioned == ["ana lima", "ana"]
    assert '<a href="/people/2/" rel="nofollow noopener">@Ana Lima</a>' in text.html
    assert '<a href="/people/1/" rel="nofollow noopener">@Ana</a>' in text.html
    assert text.source == "Thanks @Ana Lima and @ana, and @Ana Lima again"


def test_nobody_is_asked_about_a_text_that_mentions_no_one():
    def mentionable(first_words):
        raise AssertionError("asked without a mention")

    text = render_text("mail me at ana@example.com", mentionable=mentionable)
    assert text.mentioned == []


def test_without_a_mentionable_an_at_sign_is_plain_text():
    text = render_text("Hello @Ana Lima")
    assert text.html == "<p>Hello @Ana Lima</p>"
    assert text.mentioned == []


def test_a_mentioned_name_cannot_smuggle_markup_in():
    evil = Mentionable(name="Eve](javascript:alert(1))", url="/people/3/", who="eve")
    text = render_text("Hi @Eve](javascript:alert(1))", mentionable=lambda words: [evil])
    assert text.html == (
        '<p>Hi <a href="/people/3/" rel="nofollow noopener">@Eve](javascript:alert(1))</a></p>'
    )
    assert text.mentioned == ["eve"]

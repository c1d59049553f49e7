import signal
import time

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


# --- Time: one post must never hold a worker ---------------------------------------------------
#
# Python-Markdown took quadratic time on a run of "[": 19,000 of them ran past gunicorn's 30 s.
# Each input below is as long as a body may be; each must render in a fraction of a second, in
# time that grows with its length alone: four times the text, about four times the time (a
# quadratic parser: sixteen).

LONGEST = 20_000  # working_groups.services.MAX_BODY
# Seconds of CPU for the whole pipeline (markdown-it-py, nh3, mentions). The worst inputs take
# 0.3-0.7 s on a busy two-core machine: a link label is tried at each "[", up to markdown-it's
# nesting limit (20) deep, so time is linear with a large factor. Against an ordinary post of
# the same length (about 30 ms) the worst takes under 25 times as long: the bound leaves room
# for noise.
BUDGET = 1.5
TIMES_ORDINARY = 40


def _run_of(unit: str, length: int = LONGEST) -> str:
    return (unit * length)[:length]


def _deeper(line, length: int) -> str:
    """Lines each one level deeper than the last, `length` characters in all."""
    lines, size, depth = [], 0, 0
    while size < length:
        lines.append(line(depth))
        size += len(lines[-1])
        depth += 1
    return "".join(lines)[:length]


def _nested_lists(length: int = LONGEST) -> str:
    return _deeper(lambda depth: "  " * depth + "- item\n", length)


def _nested_quotes(length: int = LONGEST) -> str:
    return _deeper(lambda depth: ">" * depth + " quote\n", length)


PATHOLOGICAL = {
    "[": lambda n: _run_of("[", n),
    "*": lambda n: _run_of("*", n),
    "_": lambda n: _run_of("_", n),
    "`": lambda n: _run_of("`", n),
    "<": lambda n: _run_of("<", n),
    ">": lambda n: _run_of(">", n),
    "[ lines": lambda n: _run_of("[\n", n),
    "![": lambda n: _run_of("![", n),
    "![_": lambda n: _run_of("![_", n),
    "[a](": lambda n: _run_of("[a](", n),
    "*a": lambda n: _run_of("*a", n),
    "<a ": lambda n: _run_of("<a ", n),
    "` a": lambda n: _run_of("` a", n),
    "&#": lambda n: _run_of("&#", n),
    "- - -": lambda n: _run_of("- ", n),
    "> > >": lambda n: _run_of("> ", n),
    "nested lists": _nested_lists,
    "nested quotes": _nested_quotes,
    "table rows": lambda n: ("| a | b |\n|---|---|\n" + _run_of("| [ | * |\n", n))[:n],
}

# An ordinary post as long as a body may be, with the Markdown members use.
ORDINARY = _run_of(
    "We moved **quarterly planning** to a _rolling_ six-week cycle: see [the notes]"
    "(https://example.com/notes) and `intake.md`, and ask @Ana Lima.\n"
)


class TookTooLong(Exception):
    pass


def _cpu_seconds(source: str, *, tries: int = 3, under: float = BUDGET) -> float:
    """The least CPU time of up to `tries` renders (others' work on a shared machine only
    adds). A render that runs past 10 s of wall time is stopped: the test fails, the suite
    goes on."""

    def stop(signum, frame):
        raise TookTooLong(f"still rendering after 10 s ({len(source):,} characters)")

    best = float("inf")
    previous = signal.signal(signal.SIGALRM, stop)
    try:
        for _ in range(tries):
            signal.setitimer(signal.ITIMER_REAL, 10)
            started = time.process_time()
            render_text(source, mentionable=lambda words: [ANA_LIMA])
            best = min(best, time.process_time() - started)
            signal.setitimer(signal.ITIMER_REAL, 0)
            if best < under:
                break
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return best


@pytest.fixture(scope="module")
def ordinary_seconds():
    return _cpu_seconds(ORDINARY, under=0)


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_no_text_of_the_longest_allowed_length_renders_slowly(name, ordinary_seconds):
    source = PATHOLOGICAL[name](LONGEST)
    assert len(source) == LONGEST
    # Against an ordinary post of the same length, on the same machine.
    bound = TIMES_ORDINARY * max(ordinary_seconds, 0.005)
    seconds = _cpu_seconds(source, under=min(BUDGET, bound))
    assert seconds < BUDGET, f"{name!r}: {seconds:.3f} s"
    assert seconds < bound, f"{name!r}: {seconds:.3f} s, an ordinary post {ordinary_seconds:.3f} s"


@pytest.mark.parametrize("name", ["[", "[ lines", "![", "*a", "<a ", "nested lists"])
def test_rendering_time_grows_in_proportion_to_the_text(name):
    quarter = _cpu_seconds(PATHOLOGICAL[name](LONGEST // 4), under=0)
    whole = _cpu_seconds(PATHOLOGICAL[name](LONGEST), under=0)
    # Four times the text: about four times the time when linear, sixteen when quadratic.
    assert whole < 8 * max(quarter, 0.002), f"{name!r}: {quarter:.3f} s, then {whole:.3f} s"

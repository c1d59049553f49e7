from surveys.emails import _compact


def test_compacted_html_keeps_every_word_on_lines_under_the_smtp_limit():
    html = "<p>\n   " + "déjà vu — " * 400 + "</p>\n\n<p>End</p>"
    compact = _compact(html)
    assert compact.split() == html.split()  # only runs of spaces and line breaks change
    assert max(len(line.encode()) for line in compact.splitlines()) <= 900
    assert len(compact.splitlines()) < len(html) // 500

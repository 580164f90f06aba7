"""Hostile text: strings a person (or a pasted web page) might put in a title or note.

Each must be stored exactly, shown literally, and never reach the terminal as a
control sequence.
"""

from __future__ import annotations

#: (name, text). Names are short ids for test reports.
HOSTILE: list[tuple[str, str]] = [
    # markup fragments
    ("open-close", "[/"),
    ("bold-unclosed", "[bold]x[/"),
    ("index", "[0]"),
    ("trailing-backslash", "ends with a backslash \\"),
    ("escaped-bracket", "\\[not markup]"),
    ("red", "[red]red[/red] text"),
    ("link-markup", "[link=https://evil.example]click[/link]"),
    ("click-action", "[@click=app.quit]x[/]"),
    ("click-exit", "[@click=app.exit(1)]quit now[/]"),
    ("dollar-var", "$accent [b $primary]x[/]"),
    ("textual-markup", "[$text-error on $error]boom[/]"),
    ("braces", "{title} {0} %s %(x)s"),
    ("nested", "[[[[[[[[[[[[[[[[[[[[deep"),
    ("just-slash", "[/]"),
    # terminal control: OSC, CSI, C1, DCS, bells
    ("osc-title", "\x1b]0;pwned\x07"),
    ("osc-title-st", "\x1b]2;pwned\x1b\\"),
    ("osc-clipboard", "\x1b]52;c;cm0gLXJmIH4=\x07"),
    ("osc-hyperlink", "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"),
    ("csi-clear", "\x1b[2J\x1b[Hcleared"),
    ("csi-color", "\x1b[31mREDPAYLOAD\x1b[0m"),
    ("csi-mouse", "\x1b[?1000h"),
    ("c1-csi", "\x9b2J"),
    ("c1-osc", "\x9d0;c1 title\x9c"),
    ("dcs", "\x1bP+q544e\x1b\\"),
    ("bell-backspace", "ding\x07\x08\x08\x08gone"),
    ("cr-overwrite", "safe\rEVIL"),
    ("nul", "nul\x00byte"),
    ("del", "del\x7fchar"),
    ("form-feed-vt", "a\x0cb\x0bc"),
    # unicode layout
    ("rtl-override", "\u202etxt.exe"),
    ("bidi-isolate", "\u2067abc\u2069 \u200f"),
    ("zwj-emoji", "👩‍👩‍👧‍👦 family 🏳️‍🌈"),
    ("cjk", "目標を達成する 中文 한국어"),
    ("combining", "Z̷̡̛a̸̱͝l̶̰̈g̴̣̓o̵̙͂ e\u0301\u0301\u0301"),
    ("wide-and-zero-width", "ｗｉｄｅ\u200b\u200c\u2060x"),
    ("surrogate-ish", "𝕳𝖊𝖑𝖑𝖔 𓀀"),
    ("newlines", "line one\nline two\r\nline three"),
    ("tabs", "a\tb\t\tc"),
    ("quotes-sql", 'Robert\'); DROP TABLE goal;-- "x"'),
    ("json-ish", '{"format": "goaltui", "tables": []}'),
    ("csv-injection", "=cmd|' /C calc'!A0,\"quoted, comma\""),
    ("html", "<script>alert(1)</script> &amp;"),
    ("spaces", "   leading and trailing   "),
    ("huge", "A" * 10_000),
    ("huge-escapes", "\x1b[2J" * 2_000),
]

#: Byte sequences that must never reach a terminal from user data.
FORBIDDEN_OUTPUT = [
    b"\x1b]0;pwned",
    b"\x1b]2;pwned",
    b"\x1b]52;c;cm0g",
    b"\x1b]8;;https://evil",
    b"\x1b[2J\x1b[Hcleared",
    b"\x1b[31mREDPAYLOAD",
    b"\x1bP+q544e",
    b"\xc2\x9b2J",  # the C1 CSI as UTF-8
    b"\xc2\x9d0;c1",
    b"\x00byte",
    b"\x07\x08\x08\x08gone",
    b"\rEVIL",
]


def texts() -> list[str]:
    """Just the strings."""
    return [t for _, t in HOSTILE]


def names() -> list[str]:
    """Just the names."""
    return [n for n, _ in HOSTILE]

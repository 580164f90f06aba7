"""A second, strict reader of iCalendar files: RFC 5545's structure line by line.

Independent of the icalendar library that writes the file: it checks the
content lines as bytes (CRLF endings, folding at 75 octets, no control
characters), that every BEGIN has its END, and that each VEVENT has the
properties the RFC requires of it, and returns each event's unfolded properties.
"""

from __future__ import annotations

import re

#: A content line's name and parameters, up to the first unquoted colon.
_NAME = re.compile(r"^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:\"[^\"]*\"|[^\";:,]*)"
                   r"(?:,(?:\"[^\"]*\"|[^\";:,]*))*)*):")  # fmt: skip


def unfold(data: bytes) -> list[str]:
    """The logical lines of ``data``, after checking each physical line.

    Raises AssertionError on a bare LF or CR, a line over 75 octets, a control
    character other than HTAB, or a continuation line with nothing before it.
    """
    assert data.endswith(b"\r\n"), "the last line must end in CRLF"
    physical = data[:-2].split(b"\r\n")
    logical: list[bytes] = []
    for number, line in enumerate(physical, 1):
        assert b"\n" not in line and b"\r" not in line, f"line {number}: bare LF or CR"
        assert len(line) <= 75, f"line {number}: {len(line)} octets, over 75"
        text = line.decode("utf-8")  # a fold never splits a character
        bad = [c for c in text if (ord(c) < 0x20 and c != "\t") or 0x7F <= ord(c) <= 0x9F]
        assert not bad, f"line {number}: control characters {bad!r}"
        if line[:1] in (b" ", b"\t"):
            assert logical, f"line {number}: a continuation with no line before it"
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]


def events(data: bytes) -> list[dict[str, list[str]]]:
    """Each VEVENT's properties (name -> the raw values, parameters dropped).

    Checks that BEGIN and END nest and balance, that the file is one VCALENDAR
    with VERSION and PRODID, and that each VEVENT has exactly one UID, DTSTAMP
    (in UTC) and DTSTART.
    """
    stack: list[str] = []
    found: list[dict[str, list[str]]] = []
    calendar: dict[str, list[str]] = {}
    for number, line in enumerate(unfold(data), 1):
        match = _NAME.match(line)
        assert match, f"logical line {number} is no content line: {line!r}"
        name, value = match.group(1).upper(), line[match.end() :]
        if name == "BEGIN":
            assert stack or value == "VCALENDAR", "the file must open with BEGIN:VCALENDAR"
            assert not (not stack and found), "one VCALENDAR only"
            stack.append(value)
            if value == "VEVENT":
                found.append({})
            continue
        if name == "END":
            assert stack and stack[-1] == value, f"END:{value} closes {stack[-1:]}"
            stack.pop()
            continue
        assert stack, f"logical line {number} is outside VCALENDAR"
        if stack[-1] == "VEVENT":
            found[-1].setdefault(name, []).append(value)
        elif stack[-1] == "VCALENDAR":
            calendar.setdefault(name, []).append(value)
    assert not stack, f"never closed: {stack}"
    assert calendar.get("VERSION") == ["2.0"] and len(calendar.get("PRODID", [])) == 1
    for event in found:
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert len(event.get(required, [])) == 1, f"{required} in {event}"
        assert re.fullmatch(r"[0-9]{8}T[0-9]{6}Z", event["DTSTAMP"][0]), "DTSTAMP is in UTC"
    return found

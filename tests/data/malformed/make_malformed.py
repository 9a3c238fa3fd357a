"""Write the malformed .eml samples in this folder (deterministic; bytes are exact).

Each sample imitates a kind of broken mail seen in real mailboxes: lying or unknown charsets,
broken MIME structure, bad transfer encodings, missing or unparseable headers. A parser must
turn every one into a normalized message or a clear per-message error, never a crash.
Run: .venv/bin/python tests/data/malformed/make_malformed.py
"""

from __future__ import annotations

import base64
from pathlib import Path

HERE = Path(__file__).resolve().parent
ME = b"Alex Morgan <alex.morgan@example.com>"


def head(subject: bytes, extra: bytes = b"", *, sender: bytes = b"Dana Whitaker <dana@northwind-analytics.com>",
         date: bytes = b"Tue, 13 Oct 2026 10:04:00 -0500") -> bytes:
    lines = [b"From: " + sender, b"To: " + ME, b"Subject: " + subject, b"Date: " + date,
             b"Message-ID: <" + subject.replace(b" ", b"-")[:40] + b"@malformed.test>"]
    return b"\r\n".join(lines) + b"\r\n" + extra


def multipart(boundary: bytes, parts: list[bytes], *, close: bool = True) -> bytes:
    out = b""
    for part in parts:
        out += b"--" + boundary + b"\r\n" + part + b"\r\n"
    return out + (b"--" + boundary + b"--\r\n" if close else b"")


TEXT = b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
SAMPLES: dict[str, bytes] = {
    "charset_utf8_declared_but_latin1_bytes.eml":
        head(b"Interview on Tuesday", b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"utf-8\"\r\n\r\n")
        + "Hi Alex,\r\n\r\nWe'd like to invite you to an interview with René and Zoë. Café at 10?\r\n".encode("latin-1"),
    "charset_unknown_x_unknown.eml":
        head(b"Application received", b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"x-unknown\"\r\n\r\n")
        + "Thank you for applying to Nordlicht Systeme — we received your application.\r\n".encode(),
    "charset_misspelled_utf_8_with_typo.eml":
        head(b"Status update", b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utff-8\r\n\r\n")
        + "Your application is under review. — Ämter & Co\r\n".encode(),
    "multipart_without_boundary_parameter.eml":
        head(b"Next steps", b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative\r\n\r\n")
        + b"--xyz\r\n" + TEXT + b"We would love to set up a chat with the team.\r\n--xyz--\r\n",
    "multipart_truncated_no_closing_boundary.eml":
        head(b"Your offer from Cobalt Ledger", b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n")
        + multipart(b"b1", [TEXT + b"Congratulations! Your offer letter is attached.",
                            b"Content-Type: application/pdf; name=offer.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                            + base64.b64encode(b"%PDF-1.4 fake" * 20)[:90]], close=False),
    "multipart_boundary_mismatch.eml":
        head(b"Interview confirmation", b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"declared\"\r\n\r\n")
        + multipart(b"actually-used", [TEXT + b"Your interview is confirmed for Thursday at 2pm."]),
    "base64_body_with_garbage.eml":
        head(b"Assessment invitation", b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
             b"Content-Transfer-Encoding: base64\r\n\r\n")
        + base64.b64encode(b"Please complete the coding test within 5 days.")[:40] + b"!!**not base64 at all**\r\n%%%\r\n",
    "quoted_printable_invalid_escapes.eml":
        head(b"Rejection", b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
             b"Content-Transfer-Encoding: quoted-printable\r\n\r\n")
        + b"Unfortunately we will not move forward =ZZ =4 =\r\nwith your application=E2=80.\r\n",
    "header_with_raw_8bit_bytes.eml":
        b"From: " + "Jos\u00e9 Garc\u00eda <jose@maison-ardoise.fr>".encode("latin-1") + b"\r\nTo: " + ME
        + b"\r\nSubject: " + "Entretien — prochaine étape".encode() + b"\r\nDate: Mon, 5 Oct 2026 09:00:00 +0200\r\n\r\n"
        + b"Bonjour Alex, merci pour votre candidature.\r\n",
    "no_date_header.eml":
        b"From: Recruiting <jobs@harborviewlogistics.com>\r\nTo: " + ME + b"\r\nSubject: Thanks for applying\r\n\r\n"
        b"We received your application for Data Engineer.\r\n",
    "unparseable_date.eml":
        head(b"Quick chat?", date=b"Someday, 32 Smarch 20266 25:61:00 +9999") + b"\r\nWould you be free for a call?\r\n",
    "no_from_header.eml":
        b"To: " + ME + b"\r\nSubject: Your application status\r\nDate: Wed, 7 Oct 2026 12:00:00 +0000\r\n\r\n"
        b"Your application status has changed to In Review.\r\n",
    "empty_file.eml": b"",
    "only_headers_no_body.eml":
        head(b"Interview reminder").rstrip(b"\r\n"),
    "html_only_unclosed_tags.eml":
        head(b"Job alert: 12 new jobs", b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
        + b"<html><body><table><tr><td><p>Apply now<b>Data Analyst<td><a href='x'>View<div><div><script>alert(1)</script>",
    "mixed_crlf_and_lf_line_endings.eml":
        b"From: Kenji Tanaka <kenji@bluefinrobotics.io>\nTo: " + ME + b"\r\nSubject: Re: Screen\r\n"
        b"Date: Thu, 8 Oct 2026 10:00:00 -0400\n\r\nTuesday at 10 works.\r\nTalk soon,\nKenji\r",
    "huge_header_line.eml":
        head(b"Re: " + b"Re: " * 40 + b"Follow up " + b"x" * 200_000) + b"\r\nA very long subject.\r\n",
    "rfc2047_broken_encoded_word.eml":
        head(b"=?utf-8?B?SW50ZXJ2aWV3IOKAlCBuZXh0IHN0ZX?= =?x-weird?Q?caf=E9?= =?utf-8?Q?unterminated",
             sender=b"=?utf-8?B?Wm_DqyBLb3dhbHNraQ==?= <zoe@quillfeather.health>")
        + b"\r\nPlease share your availability.\r\n",
    "nested_message_rfc822.eml":
        head(b"Fwd: Fwd: Offer", b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n")
        + multipart(b"outer", [TEXT + b"See below.",
                               b"Content-Type: message/rfc822\r\n\r\n"
                               + head(b"Fwd: Offer", b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"mid\"\r\n\r\n")
                               + multipart(b"mid", [TEXT + b"Forwarding.",
                                                    b"Content-Type: message/rfc822\r\n\r\n"
                                                    + head(b"Offer", TEXT) + b"We are pleased to offer you the role."])]),
    "multipart_with_1000_parts.eml":
        head(b"Many attachments", b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"many\"\r\n\r\n")
        + multipart(b"many", [TEXT + b"Part one is the only text."]
                    + [b"Content-Type: text/plain; charset=us-ascii\r\nContent-Disposition: attachment; filename=p%d.txt\r\n\r\npart %d" % (i, i)
                       for i in range(1, 1000)]),
    "multipart_nested_60_levels_deep.eml":
        head(b"Deep", b"MIME-Version: 1.0\r\n")
        + b"".join(b"Content-Type: multipart/mixed; boundary=\"d%d\"\r\n\r\n--d%d\r\n" % (i, i) for i in range(60))
        + TEXT + b"bottom\r\n" + b"".join(b"--d%d--\r\n" % i for i in reversed(range(60))),
    "calendar_part_not_valid_ics.eml":
        head(b"Invitation: Interview @ Thu", b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"cal\"\r\n\r\n")
        + multipart(b"cal", [TEXT + b"You have been invited.",
                             b"Content-Type: text/calendar; method=REQUEST; charset=utf-8\r\n\r\n"
                             b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Mars/Olympus:2026XX01T99\r\n"
                             b"SUMMARY:Interview\r\nEND:VCALENDAR\r\n"]),
    "content_type_garbage.eml":
        head(b"Hello", b"MIME-Version: 1.0\r\nContent-Type: text/; charset==\"\"; ;;\r\nContent-Transfer-Encoding: 9bit\r\n\r\n")
        + b"Body with an impossible content type.\r\n",
    "nul_bytes_in_body.eml":
        head(b"Receipt", TEXT) + b"Order 123\x00\x00\x00 total $12.00\x00\r\n",
    "duplicate_from_and_date_headers.eml":
        b"From: A <a@example.org>\r\nFrom: B <b@example.org>\r\nTo: " + ME + b"\r\nDate: Tue, 13 Oct 2026 10:04:00 -0500\r\n"
        b"Date: Wed, 14 Oct 2026 10:04:00 -0500\r\nSubject: Two senders\r\n\r\nWhich one is it?\r\n",
}


def main() -> None:
    for name, data in SAMPLES.items():
        (HERE / name).write_bytes(data)
    print(f"{len(SAMPLES)} samples written to {HERE}")


if __name__ == "__main__":
    main()

"""`topofmind classify`: one JSON line per message from .eml, folders, mbox, JSONL and stdin."""

import json
import mailbox

import pytest
from click.testing import CliRunner

from server.cli import main
from tests.core.test_understand_builders import raw_message

CONFIRMATION = dict(sender="Acme Robotics <no-reply@greenhouse.io>", subject="Thank you for applying to Acme Robotics",
                    body="We have received your application for the Data Engineer position.")
REJECTION = dict(sender="Acme Robotics <no-reply@greenhouse.io>", subject="Your application",
                 body="Unfortunately we have decided to move forward with other candidates.")
KEYS = {"id", "category", "confidence", "direction", "company", "role", "job_id", "interview_at",
        "timeline_until", "reasons"}


@pytest.fixture
def runner(monkeypatch, tmp_path):
    monkeypatch.setenv("TOPOFMIND_DATA_DIR", str(tmp_path / "data"))
    return CliRunner()


def lines(result):
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_eml_file_prints_the_contract_fields(runner, tmp_path):
    path = tmp_path / "confirmation.eml"
    path.write_bytes(raw_message(**CONFIRMATION))
    result = runner.invoke(main, ["classify", str(path)])
    assert result.exit_code == 0, result.output
    (out,) = lines(result)
    assert KEYS <= set(out)
    assert out["id"] == str(path)
    assert (out["category"], out["company"], out["role"]) == ("application_confirmation", "Acme Robotics",
                                                                "Data Engineer")


def test_folder_of_eml_files_classifies_each(runner, tmp_path):
    (tmp_path / "a.eml").write_bytes(raw_message(**CONFIRMATION))
    (tmp_path / "b.eml").write_bytes(raw_message(**REJECTION))
    result = runner.invoke(main, ["classify", str(tmp_path)])
    assert [o["category"] for o in lines(result)] == ["application_confirmation", "rejection"]


def test_mbox_uses_message_ids(runner, tmp_path):
    box_path = tmp_path / "export.mbox"
    box = mailbox.mbox(str(box_path))
    box.add(raw_message(**CONFIRMATION))
    box.add(raw_message(**REJECTION))
    box.flush()
    box.close()
    result = runner.invoke(main, ["classify", str(box_path)])
    out = lines(result)
    assert [o["category"] for o in out] == ["application_confirmation", "rejection"]
    assert all(o["id"].startswith("<") for o in out)


def test_jsonl_keeps_ids_and_a_bad_line_does_not_stop_the_rest(runner, tmp_path):
    good = {"id": "m-1", "from": "Sam <sam@example.net>", "to": "dana@acme-robotics.com", "subject": "Thank you",
            "date": "2026-03-02T09:00:00-05:00",
            "body": "Hi Dana, thank you for taking the time to interview me for the Data Engineer role."}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "m-3", "from": 42}) + "\n")
    result = runner.invoke(main, ["classify", "--me", "SAM@example.net", str(path)])
    assert result.exit_code == 0
    first, broken, wrong_type = lines(result)
    assert (first["id"], first["direction"], first["category"]) == ("m-1", "out", "outgoing")
    assert broken["category"] is None and "not JSON" in broken["error"]
    assert wrong_type["id"] == "m-3" and wrong_type["category"] is None and "from" in wrong_type["error"]


def test_stdin_jsonl_with_calendar_gives_the_interview_time(runner):
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:1\r\n"
           "DTSTART;TZID=Europe/Berlin:20260310T140000\r\nDTEND;TZID=Europe/Berlin:20260310T150000\r\n"
           "ORGANIZER:mailto:dana@acme-robotics.com\r\nSUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    record = {"id": "x", "from": "Dana <dana@acme-robotics.com>", "to": "sam@example.net",
              "subject": "Interview: Data Engineer", "date": "Mon, 02 Mar 2026 09:00:00 +0100",
              "body": "Hi Sam, your interview is booked; the invite is attached.", "ics": ics}
    result = runner.invoke(main, ["classify", "-"], input=json.dumps(record) + "\n")
    (out,) = lines(result)
    assert out["category"] == "interview_scheduled"
    assert out["interview_at"] == "2026-03-10T14:00:00+01:00"


def test_nothing_readable_exits_non_zero_with_a_hint(runner, tmp_path):
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    result = runner.invoke(main, ["classify", str(empty), str(tmp_path / "missing.eml")])
    assert result.exit_code == 1
    out = lines(result)
    assert [o["category"] for o in out] == [None, None]
    assert "empty" in out[0]["error"] and "no such file" in out[1]["error"]
    assert "--help" in result.stderr


def test_help_explains_inputs_and_output(runner):
    result = runner.invoke(main, ["classify", "--help"])
    assert result.exit_code == 0
    for word in ("mbox", "JSONL", "Message-ID", "--me", "timeline_until", "error"):
        assert word in result.output

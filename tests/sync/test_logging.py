import io
import json
import logging

from sync.log_scrubbing import configure_logging, get_logger, log_event


def _capture():
    stream = io.StringIO()
    handler = configure_logging(stream, level="INFO")
    return stream, handler


def _lines(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_an_event_is_one_json_line_with_its_fields():
    stream, handler = _capture()
    try:
        log_event(get_logger("engine"), "sync.pass.finished", account_id=7, provider="gmail",
                  counts={"stored": 3, "error": 1})
    finally:
        logging.getLogger().removeHandler(handler)
    (line,) = _lines(stream)
    assert line["event"] == "sync.pass.finished" and line["account_id"] == 7
    assert line["provider"] == "gmail" and line["counts"] == {"stored": 3, "error": 1}
    assert line["level"] == "info" and line["ts"]


def test_tokens_addresses_and_mail_content_never_reach_the_log():
    stream, handler = _capture()
    secret_refresh = "1//0gLx3-refresh-token-value_abcdefghijklmnop"
    access = "ya29.a0AfH6SMBx-access-token-value"
    try:
        log = get_logger("gmail")
        log_event(log, "token.refreshed", account_id=1, refresh_token=secret_refresh,
                  body="Dear Sam, the offer is 120k", subject="Offer letter",
                  error=f"401 for dana.lee@contoso.com with Bearer {access}")
        logging.getLogger("googleapiclient.http").warning(
            "POST /token refresh_token=%s&client_secret=s3cr3t", secret_refresh)
        try:
            raise ValueError(f"bad grant for sam@example.net: {secret_refresh}")
        except ValueError:
            log.exception("refresh failed")
    finally:
        logging.getLogger().removeHandler(handler)
    text = stream.getvalue()
    for leaked in (secret_refresh, access, "s3cr3t", "dana.lee@contoso.com", "sam@example.net",
                   "the offer is 120k", "Offer letter"):
        assert leaked not in text
    lines = _lines(stream)
    assert len(lines) == 3
    assert lines[0]["refresh_token"] == "[redacted]" and "[address]" in lines[0]["error"]
    assert "ValueError" in lines[2]["exception"]

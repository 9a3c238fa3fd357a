"""What an understood message says beyond its category, as plain JSON values: one shape for
the stored message (``store.ingest``) and the ``classify`` command's output."""

from __future__ import annotations

from topofmind.mail.types import ParsedMessage, Understanding


def message_facts(understanding: Understanding, parsed: ParsedMessage | None = None) -> dict:
    """Employer, role, interview and timeline of a message (times in ISO 8601); None where unknown."""
    u = understanding
    offset = parsed.date.utcoffset() if parsed is not None and parsed.date is not None else None
    return {
        # The candidate's own clock when they wrote (store.timezones reads their zone from it).
        "utc_offset": int(offset.total_seconds() // 60) if offset is not None and u.direction == "out" else None,
        "company": u.company,
        "company_domain": u.company_domain,
        "role": u.role,
        "job_id": u.job_id,
        "interview_at": u.interview_at.isoformat() if u.interview_at else None,
        "interview_end": u.interview_end.isoformat() if u.interview_end else None,
        "interview_location": u.interview_location,
        "interviewers": [a.address for a in u.interviewers],
        "sender_name": u.sender_name,
        "sender_title": u.sender_title,
        "timeline_until": u.timeline_until.isoformat() if u.timeline_until else None,
        "timeline_text": u.timeline_text,
    }

"""Calendar reminders (iCalendar, RFC 5545): for each credential held, the last
day of its current cycle, the next dues month (AMT's credentials: other bodies'
rules say nothing of dues) and, when behind, the date the requirement would be
met at the pace so far; each with an alarm two months and two weeks before.

Every event's UID is made of what it is about (the kind, the credential, the
cycle or the dues month, the member's AMT ID), so a calendar that imports a
newer file updates its events instead of adding them again. DTSTAMP is the
generation time: SOURCE_DATE_EPOCH gives the same bytes for the same records.

The icalendar library takes longer to load than a command takes to run, so it
is loaded only when a calendar is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from amtrax_tui.ccp import STATUS_LABELS, FieldError, Progress, Rules, points_text, visible
from amtrax_tui.ccp.rules import AMT
from amtrax_tui.store.progress import progress as member_progress
from amtrax_tui.store.records import MemberInfo
from amtrax_tui.transcript.files import write_atomic

if TYPE_CHECKING:
    from icalendar import Event

PRODID = "-//amtrax-tui//AMT CCP reminders//EN"
UID_DOMAIN = "amtrax-tui"
ALARM_TIME = dt.time(9, 0)  # an alarm rings at nine in the morning, the calendar's own time
REMINDERS = (("two months", relativedelta(months=2)), ("two weeks", relativedelta(weeks=2)))


def calendar_name(member: MemberInfo, code: str | None) -> str:
    """A file name saying whose reminders they are, e.g. ccp-reminders-123456-RMA.ics."""
    return f"ccp-reminders-{member.amt_id}{f'-{code}' if code else ''}.ics"


def write_calendar(
    rules: Rules,
    member: MemberInfo,
    code: str | None,
    today: dt.date,
    output: str | Path,
    generated_at: dt.datetime,
    force: bool = False,
) -> Path:
    """Write the reminders of every credential held (or just `code`), as their current
    cycles stand today, atomically to `output`; the absolute path written."""
    if code is not None:
        code = code.strip().upper()
    found = member_progress(rules, member.id, today, code)
    if not found:
        raise FieldError("credential", f"{member.name} holds no credentials yet")
    return write_atomic(output, render_calendar(member, found, generated_at), force)


def render_calendar(member: MemberInfo, progress: Sequence[Progress], generated_at: dt.datetime) -> bytes:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", visible(f"AMT CCP: {member.name}"))
    for p in progress:
        for event in _events(member, p, generated_at):
            calendar.add_component(event)
    return calendar.to_ical()


def _events(member: MemberInfo, p: Progress, stamp: dt.datetime) -> list[Event]:
    code, cycle = p.credential.code, p.cycle
    amt = p.credential.body == AMT
    program = "CCP " if amt else ""
    who = f"{member.name} (AMT ID {member.amt_id})"
    standing = (
        f"{points_text(p.earned)} of {points_text(p.required)} points earned as of "
        f"{p.as_of.isoformat()}: {STATUS_LABELS[p.status]}."
    )
    invoice = (
        f" The renewal invoice can be paid from {p.invoice_available_on.isoformat()}."
        if amt and p.invoice_available_on
        else ""
    )
    events = [
        _event(
            f"cycle-end-{code}-{cycle.start.isoformat()}",
            cycle.end,
            f"{code} {program}cycle ends",
            f"{who}: the {p.credential.name} ({code}) cycle {cycle.start.isoformat()} to "
            f"{cycle.end.isoformat()} ends on this day. {standing}{invoice}",
            member,
            stamp,
        )
    ]
    if amt:
        year, month = map(int, p.next_dues_month.split("-"))
        events.append(
            _event(
                f"dues-{code}-{p.next_dues_month}",
                dt.date(year, month, 1),
                f"{code} annual dues month",
                f"{who}: the annual {code} renewal dues fall in this month, the certification's anniversary month.",
                member,
                stamp,
            )
        )
    if p.status == "behind" and p.projected_completion is not None:
        late = (
            f", {(p.projected_completion - cycle.end).days} days after the cycle ends on {cycle.end.isoformat()}"
            if p.projected_completion > cycle.end
            else ""
        )
        events.append(
            _event(
                f"projection-{code}-{cycle.start.isoformat()}",
                p.projected_completion,
                f"{code}: {points_text(p.required)} {program}points reached at the pace so far",
                f"{who}: at the pace so far the {points_text(p.required)} {code} points are reached on this "
                f"day{late}. {standing} To finish by the cycle's end, "
                f"{points_text(p.points_per_month_needed)} points a month are needed.",
                member,
                stamp,
            )
        )
    return events


def _event(what: str, day: dt.date, summary: str, description: str, member: MemberInfo, stamp: dt.datetime) -> Event:
    """An all-day event on `day`, with its alarms."""
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", visible(f"{what}-{member.amt_id}@{UID_DOMAIN}"))
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", visible(summary))
    event.add("description", visible(description))
    event.add("transp", "TRANSPARENT")  # a reminder, not time taken
    for lead, delta in REMINDERS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", visible(f"In {lead}: {summary}"))
        # Relative to the start of the day: ALARM_TIME on the day `delta` before.
        alarm.add("trigger", dt.datetime.combine(day - delta, ALARM_TIME) - dt.datetime.combine(day, dt.time()))
        event.add_component(alarm)
    return event

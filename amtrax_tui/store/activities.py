"""Recording, editing, deleting and listing activities."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from amtrax_tui.ccp import (
    Cycle,
    Draft,
    FieldError,
    Rules,
    check_activity,
    entered_in_amtrax_error,
    text_error,
    title_key,
)
from amtrax_tui.ccp.rules import AMT
from amtrax_tui.ccp.validation import MAX_LENGTH
from amtrax_tui.store import backlog, totals
from amtrax_tui.store.db import retry_when_busy, writing
from amtrax_tui.store.evidence import DEFAULT_RULES, EvidenceAbsent, EvidenceRules, resolve_evidence
from amtrax_tui.store.history import last_change, log_change, utcnow
from amtrax_tui.store.members import held_info, resolved_code
from amtrax_tui.store.models import Activity, ActivityArea, Allocation, HeldCredential, as_tuples, db
from amtrax_tui.store.progress import judged_cycle
from amtrax_tui.store.records import ActivityInfo, Duplicate, Invalid


class EvidenceRef(NamedTuple):
    """Evidence as it is stored: the reference, its file's SHA-256, and whether the
    file is on another machine (a reference an import kept with the SHA-256 recorded there)."""

    ref: str
    sha256: str | None
    elsewhere: bool = False


Evidence = EvidenceRef | FieldError  # what resolved_evidence gives


def resolved_evidence(ref: str, rules: EvidenceRules) -> Evidence:
    """The evidence as stored and its file's SHA-256, or why it is refused. Found before
    a write transaction opens: reading a file may take a while, and the transaction
    holds the write lock every other session waits for."""
    try:
        return EvidenceRef(*resolve_evidence(ref, rules))
    except FieldError as error:
        return error


def record(
    rules: Rules,
    member_id: int,
    codes: Sequence[str],
    draft: Draft,
    today: dt.date,
    actor: str,
    allow_duplicate: bool = False,
    evidence_rules: EvidenceRules = DEFAULT_RULES,
) -> int:
    """Validate and save a new activity counted toward `codes`; its id."""
    evidence = resolved_evidence(draft.evidence, evidence_rules)
    return record_resolved(rules, member_id, codes, draft, evidence, today, actor, allow_duplicate)


@retry_when_busy
def record_resolved(
    rules: Rules,
    member_id: int,
    codes: Sequence[str],
    draft: Draft,
    evidence: Evidence,
    today: dt.date,
    actor: str,
    allow_duplicate: bool = False,
    entered_in_amtrax: dt.date | None = None,
) -> int:
    """`record`, with the draft's evidence given by resolved_evidence (and, from an
    import, the date the activity was entered in AMTrax)."""
    with writing():
        totals.lock(member_id)
        held, draft, found = _checked(
            rules, member_id, codes, draft, evidence, today, allow_duplicate, None, entered_in_amtrax
        )
        now = utcnow()
        activity = Activity.create(
            member=member_id,
            **_columns(draft),
            evidence_sha256=found.sha256,
            evidence_elsewhere=found.elsewhere,
            attested_at=now,
            created_at=now,
            updated_at=now,
            entered_by=actor,
            entered_in_amtrax=entered_in_amtrax,
        )
        _write_areas(activity, draft.areas)
        _allocate(activity, held)
        backlog.refresh(member_id, [activity.end_date])
        log_change(actor, "create", "activity", activity.id, member_id, after=_snapshot(activity, held))
    return activity.id


def edit(
    rules: Rules,
    activity_id: int,
    codes: Sequence[str],
    draft: Draft,
    today: dt.date,
    actor: str,
    allow_duplicate: bool = False,
    evidence_rules: EvidenceRules = DEFAULT_RULES,
) -> None:
    """Replace an activity's values with `draft`, under the same rules as `record`.
    Evidence an import kept as a reference to a file on another machine stays as it
    is while the reference is unchanged."""
    evidence = resolved_evidence(draft.evidence, evidence_rules)  # once, outside the retried transaction
    _edit_resolved(rules, activity_id, codes, draft, evidence, today, actor, allow_duplicate)


@retry_when_busy
def _edit_resolved(
    rules: Rules,
    activity_id: int,
    codes: Sequence[str],
    draft: Draft,
    evidence: Evidence,
    today: dt.date,
    actor: str,
    allow_duplicate: bool,
) -> None:
    with writing():
        totals.lock(_member_of(activity_id))
        activity = _get(activity_id)
        if (
            isinstance(evidence, EvidenceAbsent)
            and activity.evidence_elsewhere
            and draft.evidence.strip() == activity.evidence
        ):
            evidence = EvidenceRef(activity.evidence, activity.evidence_sha256, elsewhere=True)
        before = _snapshot(activity, _held_of(activity))
        held, draft, found = _checked(
            rules, activity.member_id, codes, draft, evidence, today, allow_duplicate, activity_id
        )
        now, ended = utcnow(), activity.end_date
        for name, value in _columns(draft).items():
            setattr(activity, name, value)
        activity.evidence_sha256, activity.evidence_elsewhere = found.sha256, found.elsewhere
        activity.attested_at = activity.updated_at = now
        activity.save()
        ActivityArea.delete().where(ActivityArea.activity == activity).execute()
        _write_areas(activity, draft.areas)
        old = _allocations_of(activity)
        Allocation.delete().where(Allocation.activity == activity).execute()
        _allocate(activity, held)
        totals.refresh(old)
        backlog.refresh(activity.member_id, [ended, activity.end_date])
        log_change(
            actor, "update", "activity", activity.id, activity.member_id, before=before, after=_snapshot(activity, held)
        )


@retry_when_busy
def delete(activity_id: int, actor: str) -> ActivityInfo:
    """Delete an activity; the history keeps it, so `restore` can bring it back."""
    with writing():
        totals.lock(_member_of(activity_id))
        activity = _get(activity_id)
        info = get_activity(activity_id)
        log_change(
            actor, "delete", "activity", activity.id, activity.member_id, before=_snapshot(activity, _held_of(activity))
        )
        old = _allocations_of(activity)
        activity.delete_instance()  # allocations cascade
        totals.refresh(old)
        backlog.refresh(activity.member_id, [activity.end_date])
    return info


@retry_when_busy
def restore(activity_id: int, actor: str) -> int:
    """Undo the last deletion of an activity, with its id and allocations (to MLS when it
    was deleted before MT became MLS)."""
    with writing():
        change = last_change("activity", activity_id, "delete")
        before = change.before if change is not None else None  # a deletion keeps the row it removed
        if before is not None:
            totals.lock(before["member_id"])
        if Activity.get_or_none(Activity.id == activity_id) is not None:
            raise Invalid([FieldError("activity", f"activity {activity_id} is not deleted")])
        if before is None:
            raise Invalid([FieldError("activity", f"activity {activity_id} was never deleted")])
        values = dict(before)
        codes = sorted({_RENAMED.get(code, code) for code in values.pop("credentials")})
        member_id = values.pop("member_id")
        held = list(
            HeldCredential.select().where((HeldCredential.member == member_id) & HeldCredential.code.in_(codes))
        )
        areas = [(area, Decimal(points)) for area, points in values.pop("areas", [])]
        activity = Activity.create(id=activity_id, member=member_id, **_restored(values))
        _write_areas(activity, areas)
        _allocate(activity, held)
        backlog.refresh(member_id, [activity.end_date])
        log_change(actor, "restore", "activity", activity_id, member_id, after=before | {"credentials": codes})
    return activity_id


@retry_when_busy
def mark_entered(activity_id: int, on: dt.date | None, today: dt.date, actor: str) -> ActivityInfo:
    """Set the date the activity was entered in AMTrax (None clears it), kept in the
    history as edits are; nothing is written when the date is already so."""
    with writing():
        totals.lock(_member_of(activity_id))
        activity = _get(activity_id)
        if on is not None and (error := entered_in_amtrax_error(on, activity.end_date, today, "on")):
            raise Invalid([error])
        held = _held_of(activity)
        if on is not None and all(":" in h.code for h in held):
            raise Invalid([FieldError("activity", "counts toward no AMT credential: AMTrax records AMT's alone")])
        if activity.entered_in_amtrax != on:
            before = _snapshot(activity, held)
            activity.entered_in_amtrax = on
            activity.save(only=[Activity.entered_in_amtrax])
            backlog.refresh(activity.member_id, [activity.end_date])
            log_change(
                actor,
                "update",
                "activity",
                activity.id,
                activity.member_id,
                before=before,
                after=_snapshot(activity, held),
            )
    return get_activity(activity_id)


def not_in_amtrax(member_id: int, code: str | None = None, entered_too: bool = False) -> list[ActivityInfo]:
    """The member's activities (or those counted toward `code`) to enter in AMTrax and
    not yet entered (`entered_too`: entered or not), oldest first: the order they are typed in."""
    query = backlog.for_amtrax(activities_query(member_id, code, None, ""), member_id)
    if not entered_too:
        query = query.where(Activity.entered_in_amtrax.is_null())
    return _infos(query.order_by(Activity.start_date, Activity.end_date, Activity.id))


def get_activity(activity_id: int) -> ActivityInfo:
    found = _infos(Activity.select().where(Activity.id == activity_id))
    if not found:
        raise _missing(activity_id)
    return found[0]


def list_activities(
    member_id: int,
    code: str | None = None,
    cycle: Cycle | None = None,
    search: str = "",
    newest_first: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[ActivityInfo]:
    """A member's activities, optionally those counted toward `code` in `cycle`."""
    query = activities_query(member_id, code, cycle, search)
    order = (
        (Activity.end_date.desc(), Activity.id.desc())
        if newest_first
        else (Activity.start_date, Activity.end_date, Activity.id)
    )
    query = query.order_by(*order)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return _infos(query)


def cycle_activities(member_id: int, code: str, cycle: Cycle) -> list[ActivityInfo]:
    """What list_activities(member_id, code, cycle) gives, for a transcript: one
    query with a row per allocation, not a second query for the credential codes
    (about 10 ms less for 10,000 activities). Not for pages: a LIMIT would count
    allocations, not activities."""
    counted, held = Allocation.alias(), HeldCredential.alias()
    query = (
        activities_query(member_id, code, cycle, "")
        .select(*_INFO_COLUMNS, held.code)
        .join_from(Activity, counted, on=(counted.activity == Activity.id))
        .join(held, on=(counted.credential == held.id))
        .order_by(Activity.start_date, Activity.end_date, Activity.id, held.code)
    )
    rows: list[tuple] = []
    codes: list[list[str]] = []
    for *row, credential in db.execute(query):
        if not rows or rows[-1][0] != row[0]:  # the activity's first allocation
            rows.append(row)
            codes.append([])
        codes[-1].append(credential)
    # The activities' ids from the allocations, so the activity table is read once.
    held_ids = HeldCredential.select(HeldCredential.id).where(
        (HeldCredential.member == member_id) & (HeldCredential.code == code)
    )
    ids = Allocation.select(Allocation.activity).where(
        Allocation.credential.in_(held_ids) & Allocation.end_date.between(cycle.start, cycle.end)
    )
    areas = _areas_of(ids) if rows else {}
    return [_info(row, found, areas.get(row[0], ())) for row, found in zip(rows, codes, strict=True)]


def count_activities(member_id: int, code: str | None = None, cycle: Cycle | None = None, search: str = "") -> int:
    if code is None or search.strip():
        return activities_query(member_id, code, cycle, search).count()
    # An activity has one allocation per credential: counted in the (credential, end_date)
    # index alone, without reading the activities (a fifth of the time for 100,000).
    held = HeldCredential.select(HeldCredential.id).where(
        (HeldCredential.member == member_id) & (HeldCredential.code == code)
    )
    query = Allocation.select().where(Allocation.credential.in_(held))
    if cycle is not None:
        query = query.where(Allocation.end_date.between(cycle.start, cycle.end))
    return query.count()


def activities_query(member_id: int, code: str | None, cycle: Cycle | None, search: str):
    query = Activity.select().where(Activity.member == member_id)
    if code is not None:
        query = query.join(Allocation).join(HeldCredential).where(HeldCredential.code == code).switch(Activity)
    if cycle is not None:
        query = query.where(Activity.end_date.between(cycle.start, cycle.end))
    if search.strip():
        needle = f"%{search.strip()}%"
        query = query.where(Activity.title**needle | Activity.provider**needle | Activity.category**needle)
    return query


def _checked(
    rules,
    member_id,
    codes,
    draft: Draft,
    evidence: Evidence,
    today,
    allow_duplicate,
    exclude_id,
    entered_in_amtrax: dt.date | None = None,
):
    codes = list(dict.fromkeys(resolved_code(rules, c) for c in codes))
    held = list(HeldCredential.select().where((HeldCredential.member == member_id) & HeldCredential.code.in_(codes)))
    errors = [
        FieldError("credential", f"the member does not hold {code}")
        for code in codes
        if code not in {h.code for h in held}
    ]
    # The cycle each credential is judged in: during a grace period, the one that ended short.
    cycles = {h.code: judged_cycle(rules, held_info(h), today) for h in held if h.anchor <= today}
    errors += check_activity(rules, draft, cycles if codes else {}, today)
    if entered_in_amtrax is not None and (error := entered_in_amtrax_error(entered_in_amtrax, draft.end, today)):
        errors.append(error)
    if isinstance(evidence, FieldError):
        if not any(e.field == "evidence" for e in errors):  # the text's own fault is told once
            errors.append(evidence)
    else:
        draft = dataclasses.replace(draft, evidence=evidence.ref)
        # Checked again: a relative path grows when made absolute.
        if error := text_error("evidence", evidence.ref, MAX_LENGTH["evidence"]):
            errors.append(error)
    if errors:
        raise Invalid(errors)
    if not allow_duplicate:
        _refuse_duplicate(member_id, held, draft, exclude_id)
    return held, draft, evidence


def _refuse_duplicate(member_id, held, draft: Draft, exclude_id) -> None:
    query = (
        Activity.select(Activity.id, Activity.title, Activity.start_date)
        .join(Allocation)
        .where(
            (Activity.member == member_id)
            & (Activity.category == draft.category)
            & (Activity.start_date == draft.start)
            & (Activity.title_key == title_key(draft.title))
            & Allocation.credential.in_([h.id for h in held])
        )
    )
    if exclude_id is not None:
        query = query.where(Activity.id != exclude_id)
    existing = query.first()
    if existing is not None:
        raise Duplicate(existing.id, existing.title, existing.start_date)


def _columns(draft: Draft) -> dict:
    return {
        "category": draft.category,
        "title": draft.title.strip(),
        "title_key": title_key(draft.title),
        "provider": draft.provider.strip(),
        "points": draft.points,
        "start_date": draft.start,
        "end_date": draft.end,
        "notes": draft.notes.strip(),
        "evidence": draft.evidence,
        "minutes": draft.minutes,
        "approved_by": " ".join(draft.approved_by),
    }


def _write_areas(activity: Activity, areas: Sequence[tuple[str, Decimal]]) -> None:
    if areas:
        ActivityArea.insert_many(
            [{"activity": activity.id, "area": area, "points": points} for area, points in areas]
        ).execute()


def _body(code: str) -> str:
    """The body of a held credential's code: "AAMA:CMA" is AAMA's, "RMA" AMT's."""
    return code.partition(":")[0] if ":" in code else AMT


def _allocate(activity: Activity, held: list[HeldCredential]) -> None:
    Allocation.insert_many(
        [
            {
                "activity": activity.id,
                "credential": h.id,
                "end_date": activity.end_date,
                "category": activity.category,
                "points": activity.points,
                "approved": _body(h.code) in activity.approved_by.split(),
            }
            for h in held
        ]
    ).execute()
    totals.refresh((h.id, activity.end_date) for h in held)


def _allocations_of(activity: Activity) -> list[tuple[int, dt.date]]:
    """(held credential id, end date) of the activity's allocations, for totals.refresh."""
    return list(
        as_tuples(
            Allocation.select(Allocation.credential, Allocation.end_date).where(Allocation.activity == activity.id)
        )
    )


def _held_of(activity: Activity) -> list[HeldCredential]:
    return list(HeldCredential.select().join(Allocation).where(Allocation.activity == activity.id))


_SNAPSHOT_FIELDS = (
    "category",
    "title",
    "provider",
    "points",
    "start_date",
    "end_date",
    "notes",
    "evidence",
    "evidence_sha256",
    "evidence_elsewhere",
    "attested_at",
    "created_at",
    "updated_at",
    "entered_by",
    "entered_in_amtrax",
)


def _snapshot(activity: Activity, held: list[HeldCredential]) -> dict:
    values = {name: getattr(activity, name) for name in _SNAPSHOT_FIELDS}
    values["points"] = str(values["points"])
    # Kept only when set, so the history of an activity without them reads as before.
    if activity.minutes is not None:
        values["minutes"] = activity.minutes
    if activity.approved_by:
        values["approved_by"] = activity.approved_by
    areas = ActivityArea.select(ActivityArea.area, ActivityArea.points).where(ActivityArea.activity == activity.id)
    if found := [[area, str(points)] for area, points in as_tuples(areas.order_by(ActivityArea.area))]:
        values["areas"] = found
    return {**values, "member_id": activity.member_id, "credentials": sorted(h.code for h in held)}


# Held codes the 0008 migration renamed (AMT's MT is now MLS): an activity deleted before
# it names the old code, and is restored to the credential the member holds now.
_RENAMED = {"MT": "MLS"}


def _restored(values: dict) -> dict:
    """Snapshot values (JSON text) back to column values."""
    out = dict(values)
    out["points"] = Decimal(values["points"])
    for name in ("start_date", "end_date"):
        out[name] = dt.date.fromisoformat(values[name])
    if values.get("entered_in_amtrax"):  # (snapshots from before it was kept have none)
        out["entered_in_amtrax"] = dt.date.fromisoformat(values["entered_in_amtrax"])
    for name in ("attested_at", "created_at", "updated_at"):
        out[name] = dt.datetime.fromisoformat(values[name])
    out["title_key"] = title_key(values["title"])
    return out


def _member_of(activity_id: int):
    """The id of the member whose activity this is, as a subquery (for totals.lock)."""
    return Activity.select(Activity.member).where(Activity.id == activity_id)


def _get(activity_id: int) -> Activity:
    activity = Activity.get_or_none(Activity.id == activity_id)
    if activity is None:
        raise _missing(activity_id)
    return activity


def _missing(activity_id: int) -> Invalid:
    return Invalid([FieldError("activity", f"no activity has id {activity_id}")])


# The columns an ActivityInfo is made of, in the order _info unpacks them. Rows
# are read from the driver as plain tuples and converted in _info: building a
# model instance per row, or even Peewee's per-value conversion of tuples, took
# most of the time of a 10,000-row list.
_INFO_COLUMNS = (
    Activity.id,
    Activity.member,
    Activity.category,
    Activity.title,
    Activity.provider,
    Activity.points,
    Activity.start_date,
    Activity.end_date,
    Activity.notes,
    Activity.evidence,
    Activity.evidence_sha256,
    Activity.attested_at,
    Activity.created_at,
    Activity.updated_at,
    Activity.entered_by,
    Activity.entered_in_amtrax,
    Activity.evidence_elsewhere,
    Activity.minutes,
    Activity.approved_by,
)


def _date(value):
    # SQLite returns ISO text, as Peewee's DateField reads it; PostgreSQL's driver returns a date.
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _timestamp(value):
    # SQLite returns ISO text ("2025-06-01 09:00:00"); PostgreSQL's driver returns a datetime.
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


def _infos(query) -> list[ActivityInfo]:
    rows = db.execute(query.select(*_INFO_COLUMNS)).fetchall()
    codes: dict[int, list[str]] = defaultdict(list)
    areas: dict[int, list[tuple[str, Decimal]]] = {}
    if rows:
        ids = query.select(Activity.id)  # a subquery: no bound-parameter limit
        found = (
            Allocation.select(Allocation.activity, HeldCredential.code)
            .join(HeldCredential)
            .where(Allocation.activity.in_(ids))
            .order_by(HeldCredential.code)
        )
        for activity_id, code in db.execute(found):
            codes[activity_id].append(code)
        areas = _areas_of(ids)
    return [_info(row, codes[row[0]], areas.get(row[0], ())) for row in rows]


def _areas_of(ids) -> dict[int, list[tuple[str, Decimal]]]:
    """The content areas of the activities `ids` (a subquery), in one query for them all."""
    found: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    query = (
        ActivityArea.select(ActivityArea.activity, ActivityArea.area, ActivityArea.points)
        .where(ActivityArea.activity.in_(ids))
        .order_by(ActivityArea.activity, ActivityArea.area)
    )
    for activity_id, area, points in db.execute(query):
        found[activity_id].append((area, ActivityArea.points.python_value(points)))
    return found


def _info(row: tuple, codes: list[str], areas: Sequence[tuple[str, Decimal]] = ()) -> ActivityInfo:
    """An activity from its _INFO_COLUMNS as the driver returns them, converted
    to the Python values Peewee's fields would give."""
    (
        id_,
        member_id,
        category,
        title,
        provider,
        points,
        start,
        end,
        notes,
        evidence,
        evidence_sha256,
        attested_at,
        created_at,
        updated_at,
        entered_by,
        entered_in_amtrax,
        evidence_elsewhere,
        minutes,
        approved_by,
    ) = row
    return ActivityInfo(
        id=id_,
        member_id=member_id,
        category=category,
        title=title,
        provider=provider,
        points=Activity.points.python_value(points),
        start=_date(start),
        end=_date(end),
        notes=notes,
        evidence=evidence,
        evidence_sha256=evidence_sha256,
        attested_at=_timestamp(attested_at),
        created_at=_timestamp(created_at),
        updated_at=_timestamp(updated_at),
        entered_by=entered_by,
        credentials=tuple(codes),
        entered_in_amtrax=_date(entered_in_amtrax),
        evidence_elsewhere=bool(evidence_elsewhere),
        areas=tuple(areas),
        approved_by=tuple(approved_by.split()),
        minutes=minutes,
    )

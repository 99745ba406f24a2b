"""Pages of a member's activities in the order a table asks for (read-only)."""

from __future__ import annotations

from amtrax_tui.ccp import Cycle
from amtrax_tui.store.activities import _infos, activities_query
from amtrax_tui.store.models import Activity
from amtrax_tui.store.records import ActivityInfo

# Each sort's columns, ahead of the id that breaks ties; each is the order of an index on
# (member, ...), so a page is read in index order however many activities the member has.
SORTS = {
    "date": (Activity.end_date,),
    "points": (Activity.points,),
    "title": (Activity.title_key,),
    "category": (Activity.category, Activity.start_date, Activity.title_key),
}


def activity_page(
    member_id: int,
    code: str | None,
    cycle: Cycle | None,
    search: str = "",
    sort: str = "date",
    descending: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> list[ActivityInfo]:
    """One page of `list_activities`' rows, sorted in SQL so pages stay consistent."""
    columns = (*SORTS[sort], Activity.id)
    order = [column.desc() for column in columns] if descending else columns
    query = activities_query(member_id, code, cycle, search).order_by(*order).limit(limit).offset(offset)
    return _infos(query)

"""The CCP domain (docs/ccp-rules.md): pure functions over plain values. `today` is always a parameter."""

from amtrax_tui.ccp.cycles import Cycle, cycle_at, cycle_on
from amtrax_tui.ccp.entry import ACTIVITY_FIELDS, ParsedActivity, TypedActivity, parse_activity
from amtrax_tui.ccp.progress import STATUS_LABELS, STATUSES, CategoryTotal, Progress, compute_progress, next_dues_month
from amtrax_tui.ccp.rules import Category, Credential, Rules, RulesError, load_rules
from amtrax_tui.ccp.text import has_unsafe, visible, visible_json
from amtrax_tui.ccp.validation import Draft, check_activity, entered_in_amtrax_error
from amtrax_tui.ccp.values import DATE_FORMATS, FieldError, parse_date, parse_points, points_text, text_error, title_key

__all__ = [
    "ACTIVITY_FIELDS",
    "DATE_FORMATS",
    "STATUSES",
    "STATUS_LABELS",
    "Category",
    "CategoryTotal",
    "Credential",
    "Cycle",
    "Draft",
    "FieldError",
    "ParsedActivity",
    "Progress",
    "Rules",
    "RulesError",
    "TypedActivity",
    "check_activity",
    "compute_progress",
    "cycle_at",
    "cycle_on",
    "entered_in_amtrax_error",
    "has_unsafe",
    "load_rules",
    "next_dues_month",
    "parse_activity",
    "parse_date",
    "parse_points",
    "points_text",
    "text_error",
    "title_key",
    "visible",
    "visible_json",
]

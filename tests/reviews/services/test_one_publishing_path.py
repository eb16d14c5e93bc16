"""Only the publishing service changes a review's status or publication time."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FIELDS = {"status", "published_at"}
# Calls that write rows (filter(), exclude() and Q() only read).
WRITES = {"update", "create", "bulk_create", "get_or_create", "update_or_create", "Review"}
SERVICE = Path("reviews/services/publishing.py")
# Curated lists have a status of their own (a list is not a review), published by their service.
OTHER_MODELS = {Path("reviews/services/lists.py")}
# Rows written in bulk, not changes by a person: the synthetic benchmark catalogue (50,000
# reviews in one bulk_create) and the demo loader (backdated demo reviews on an empty site).
BULK_LOADERS = {
    Path("reviews/demo/generator.py"),
    Path("reviews/generator.py"),
    Path("reviews/management/commands/load_demo.py"),
    # The editors-at-work benchmark's synthetic drafts (its publishes go through the service).
    Path("bench/editors_side.py"),
}
# Unsaved Review objects built in memory, never written: the cache's picture of a review's
# previous state (was it public?) and the writing desk's live preview of the posted form.
UNSAVED_COPIES = {Path("reviews/caching.py"), Path("reviews/admin/desk.py")}


def writes_of_publication_fields(tree: ast.AST) -> list[int]:
    """Lines that assign status/published_at (attribute, setattr, or keyword of a write)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr in FIELDS for t in targets):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in WRITES and any(kw.arg in FIELDS for kw in node.keywords):
                lines.append(node.lineno)
            if (
                name == "setattr"
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in FIELDS
            ):
                lines.append(node.lineno)
    return lines


def project_modules() -> list[Path]:
    skip = {".venv", "node_modules", "tests", "static", "templates", "docs"}
    return [
        path.relative_to(ROOT)
        for path in ROOT.rglob("*.py")
        if not skip & set(path.relative_to(ROOT).parts) and "migrations" not in path.parts
    ]


def test_no_code_outside_the_service_sets_status_or_published_at():
    """Every status and publication-time write lives in reviews/services/publishing.py."""
    found = []
    for path in project_modules():
        if path == SERVICE or path in BULK_LOADERS | OTHER_MODELS | UNSAVED_COPIES:
            continue
        for line in writes_of_publication_fields(ast.parse((ROOT / path).read_text())):
            found.append(f"{path}:{line}")
    assert not found, "status/published_at set outside the publishing service: " + ", ".join(found)


def test_the_walk_finds_each_kind_of_write():
    """The checker itself sees attribute, keyword and setattr writes, and ignores filters."""
    code = (
        "review.status = 'draft'\n"
        "Review.objects.filter(pk=1).update(published_at=None)\n"
        "setattr(review, 'status', 'published')\n"
        "Review.objects.filter(status='draft')\n"
    )
    assert writes_of_publication_fields(ast.parse(code)) == [1, 2, 3]


def test_the_service_is_where_the_writes_are():
    """The walk is not vacuous: the service itself writes both fields."""
    lines = writes_of_publication_fields(ast.parse((ROOT / SERVICE).read_text()))
    assert len(lines) >= 4

"""Every write to the database is a service of the app that owns the table (ARCHITECTURE.md,
"Layers"): this test reads the project's modules (not tests, migrations, services, or the
modules that build demo data) and fails on a model write anywhere else, naming file and line."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "aup_portal",
    "background",
    "roster",
    "faq",
    "consent",
    "exceptions",
    "platforms",
    "scripts",
]

# Modules that may write directly, and why.
ALLOWED_MODULES = {
    "roster/management/commands/seed_demo.py": "builds the demo data",
    "consent/demo.py": "builds the demo data",
    "roster/demo.py": "builds the demo data",
    "faq/demo/__init__.py": "builds the demo data",
    "scripts/families.py": "builds the benchmark's and the load run's throwaway data",
    "scripts/bench_rows.py": (
        "the benchmark's throwaway programs (issue: rolled back; campaign) and emptying its "
        "generated district's queue before a timed row"
    ),
    "exceptions/workflow.py": (
        "the transition table's one writer (ARCHITECTURE.md, workflows): apply() is called "
        "only by exceptions.services.exception_transition, under its row lock"
    ),
    "platforms/workflow.py": (
        "the transition table's one writer (ARCHITECTURE.md, workflows): apply() is called "
        "only by platforms.services, under the platform's row lock"
    ),
    "platforms/demo.py": "builds the demo data",
}

# Single calls that look like writes but are not ours to route through a service, and why:
# (module, the call's source text).
ALLOWED_CALLS = {
    ("consent/models/records.py", "super().save(*args, **kwargs)"): (
        "the model's own save() override"
    ),
    ("exceptions/models.py", "super().save(*args, **kwargs)"): "the model's own save() override",
    ("faq/models/entries.py", "super().save(*args, **kwargs)"): "the model's own save() override",
    (
        "aup_portal/uploads.py",
        'record.file.save(f"{stem}{kind.extensions[0]}", ContentFile(content), save=False)',
    ): "stores the checked file only (save=False); the calling service saves the row",
    ("scripts/bench_http.py", "session.create()"): (
        "a session store's create(): the verified parents' sessions the benchmark starts from"
    ),
    (
        "aup_portal/urls_bench.py",
        'ConsentRequest.objects.filter(pk=link.request_id).update(status=F("status"))',
    ): "the benchmark's answer floor: a no-op update, one durable write and no record",
}

MANAGER_WRITES = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}
QUERYSET_WRITES = {"update", "delete"}
# Receivers of .delete()/.update() that are not querysets: the cache, dicts, sets.
NOT_MODELS = {"cache", "context", "initial", "attrs", "headers", "session", "kwargs", "data"}


def _is_service(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return path.name == "services.py" or "services" in parts[:-1]


def project_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or _is_service(path):
                continue
            yield path


def _receiver_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def writes_in(source: str) -> list[tuple[int, str]]:
    """(line, source text) of each call in ``source`` that writes to the database."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, receiver = node.func.attr, node.func.value
        if name in MANAGER_WRITES:
            write = True
        elif name in QUERYSET_WRITES:
            # A queryset (Model.objects…, or a chain of calls) or a model instance; not a dict.
            write = _receiver_name(receiver) not in NOT_MODELS
        elif name == "save":
            write = True
        else:
            write = False
        if write:
            found.append((node.lineno, ast.get_source_segment(source, node).split("\n")[0]))
    return found


def test_writes_only_in_services():
    offenders = []
    for path in project_modules():
        relative = path.relative_to(ROOT).as_posix()
        if relative in ALLOWED_MODULES:
            continue
        source = path.read_text()
        for line, text in writes_in(source):
            if (relative, text) not in ALLOWED_CALLS:
                offenders.append(f"{relative}:{line}: {text}")
    assert offenders == [], "Model writes outside a service:\n" + "\n".join(offenders)


def test_writes_only_in_services_catches_each_kind_of_write():
    source = "\n".join(
        [
            "Student.objects.create(first_name='A')",
            "Student.objects.filter(pk=1).update(active=False)",
            "Student.objects.filter(pk=1).delete()",
            "student.save(update_fields=['active'])",
            "ConsentLink.objects.bulk_update(links, ['code_hash'])",
            "context.update(title='x')",
            "cache.delete('key')",
        ]
    )

    assert [line for line, _text in writes_in(source)] == [1, 2, 3, 4, 5]

# ruff: noqa: RUF001 (the table prints the multiplication sign)
"""The benchmark's rows (scripts/bench.py): what each measures and its goal, whether a result
meets it, and the table they are printed in."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    goal: str


ROWS = [
    Row("sign_get", "parent signing page GET vs bare view", "≥ 0.5× throughput"),
    Row(
        "sign_get_floor",
        "its floor: the session and the link only, no page (information, no goal)",
        "–",
    ),
    Row("sign_post", "sign POST vs bare view", "≥ 0.25× throughput"),
    Row(
        "sign_post_floor",
        "its floor: the session, the link and one durable write, no record (information)",
        "–",
    ),
    Row("pdf", "signed-consent PDF/A vs minimal WeasyPrint page", "≤ 1.5×"),
    Row("admin_requests", "admin consent requests list", "p95 ≤ 300 ms"),
    Row("admin_search_id", "signed-records search, student ID", "p95 ≤ 300 ms"),
    Row("admin_search_name", "signed-records search, name", "p95 ≤ 300 ms"),
    Row("access_log", "record-access log (admin)", "p95 ≤ 300 ms"),
    Row("signed_records", "signed records (admin)", "p95 ≤ 300 ms"),
    Row("dashboard", "principal's dashboard (2,500 students)", "p95 ≤ 300 ms, ≤ 1.5× 1 %"),
    Row("dashboard_page20", "dashboard student list, page 20", "p95 ≤ 300 ms"),
    Row("students_csv", "students.csv", "streams, ≤ 1.5× 1 %"),
    Row("export_csv", "covered-today export", "streams, ≤ 1.5× 1 %"),
    Row("api_list", "API covered list", "streams, ≤ 1.5× 1 %"),
    Row("programs", "/guidance/programs/", "≤ 1.5× 1 %"),
    Row("faq", "/faq/", "≤ 1.5× 1 %"),
    Row("check_page", '"May I text?" page', "≤ 2 queries for the answer"),
    Row("check_api", '"May I text?" API', "≤ 2 queries for the answer"),
    Row("issue", "issue to the 2,500-student school", "≤ 2 s"),
    Row(
        "campaign",
        "district-wide campaign (one program, every school; 2 db_workers, as deployed)",
        "≤ 120 s",
    ),
    Row(
        "worker",
        "worker: emails/min, PDFs/min; a PDF queued behind campaign emails",
        "the PDF goes first (≤ 1 email before it)",
    ),
]
# Measured against gunicorn (bench_http.py); the floors have no goal.
HTTP_KEYS = ("sign_get", "sign_get_floor", "sign_post", "sign_post_floor")
# Rows that stream their response: timed to the first byte too.
STREAMED = {"students_csv", "export_csv", "api_list"}


def judge(key, result) -> bool | None:
    """Met (True), missed (False) or not measured (None)."""
    full, small = result.get("full", {}), result.get("small", {})
    if not full or key.endswith("_floor"):
        return None
    if key == "sign_get":
        return full["ratio"] >= 0.5
    if key == "sign_post":
        return full["ratio"] >= 0.25
    if key == "pdf":
        return full["ratio"] <= 1.5
    if key == "issue":
        return full["seconds"] <= 2
    if key == "campaign":
        return full["seconds"] <= 120
    if key == "worker":
        return full["emails_ahead"] is not None and full["emails_ahead"] <= 1
    if key in ("check_page", "check_api"):
        return full["answer_queries"] <= 2
    ratio = full["median_ms"] / small["median_ms"] if small else None
    if key in STREAMED:
        return full["streamed"] and ratio <= 1.5
    if key in ("programs", "faq"):
        return ratio <= 1.5
    if key == "dashboard":
        return full["p95_ms"] <= 300 and ratio <= 1.5
    return full["p95_ms"] <= 300


def table_markdown(results, wanted) -> list[str]:
    lines = [
        "| what | goal | median | p95 | queries full / 1 % | ratio | met |",
        "|---|---|---|---|---|---|---|",
    ]
    counts_equal = True
    for row in ROWS:
        if row.key not in wanted:
            continue
        result = results.get(row.key, {})
        full, small = result.get("full", {}), result.get("small", {})
        median = p95 = queries = ratio = ""
        if "median_ms" in full:
            median = f"{full['median_ms']:.0f} ms"
            p95 = f"{full['p95_ms']:.0f} ms" if "p95_ms" in full else ""
            if small.get("median_ms"):
                ratio = f"{full['median_ms'] / small['median_ms']:.2f}× 1 %"
        if "queries" in full:
            queries = f"{full['queries']} / {small.get('queries', '?')}"
            counts_equal &= full["queries"] == small.get("queries")
            if row.key in STREAMED:
                median += f" (first byte {full['first_byte_ms']:.0f} ms)"
            if row.key in ("check_page", "check_api"):
                queries += f" (answer: {full['answer_queries']})"
        if "ratio" in full:
            ratio = f"{full['ratio']:.2f}×"
            if "rps" in full:
                median = f"{full['rps']:.0f} req/s (bare {full['bare_rps']:.0f})"
                if full["failed"]:
                    median += f", {full['failed']} failed"
            if "minimal_ms" in full:
                median = (
                    f"{full['median_ms']:.0f} ms (minimal {full['minimal_ms']:.0f} ms; "
                    f"its words alone, unstyled: {full['words_ms']:.0f} ms = "
                    f"{full['words_ms'] / full['minimal_ms']:.2f}×)"
                )
        if "seconds" in full:
            median = f"{full['seconds']:.2f} s"
            if "issue_seconds" in full:
                median += f" (counting before the workers {full['issue_seconds']:.1f} s)"
        if "emails_per_min" in full:
            wait = full["pdf_wait_s"]
            median = (
                f"{full['emails_per_min']:,.0f} emails/min, {full['pdfs_per_min']:,.0f} PDFs/min; "
                f"a PDF queued behind {full['backlog']} emails: "
                + (
                    f"filed in {wait:.1f} s, {full['emails_ahead']} emails sent first"
                    if wait is not None
                    else "not done in 300 s"
                )
            )
        if "requests" in full:
            median += f" ({full['requests']:,} requests)"
        if "note" in result:
            median = result["note"]
        met = {True: "✔", False: "✘", None: "–"}[judge(row.key, result) if full else None]
        lines.append(
            f"| {row.label} | {row.goal} | {median} | {p95} | {queries} | {ratio} | {met} |"
        )
    lines.insert(
        2, f"| query counts, district vs 1 % | equal | | | | | {'✔' if counts_equal else '✘'} |"
    )
    return lines

"""The decision record of an exception request as PDF/A (rendered by aup_portal.pdf)."""

from aup_portal.pdf import PDF_A, pdf_from_template


def render_decision(*, request, decision, events) -> bytes:
    return pdf_from_template(
        "exceptions/pdf/decision.html",
        {"request": request, "decision": decision, "events": events},
        variant=PDF_A,
    )

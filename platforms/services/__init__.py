"""Writes to platforms: registering, audits and their evidence, remediation plans, schools'
transitions, and every status step (through platforms.workflow, the one status writer)."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal import uploads
from platforms import workflow
from platforms.models import (
    Audit,
    AuditEvidence,
    Criterion,
    Finding,
    Outcome,
    Platform,
    PlatformEvent,
    PlatformStatus,
    PlatformUse,
    RemediationAction,
    SchoolTransition,
)
from platforms.workflow import PlatformRefused
from roster.access import Action, can
from roster.selectors import school_year_current


def platform_register(*, user, vendor: str, product: str, **details) -> tuple[Platform, bool]:
    """The platform of ``vendor``'s ``product``, created (status "surveyed", with its first
    event) when the district does not know it yet; (platform, created). Matching ignores
    case and surrounding spaces, so a second school naming the same tool finds it."""
    vendor, product = vendor.strip(), product.strip()
    same = Platform.objects.annotate(v=Lower("vendor"), p=Lower("product")).filter(
        v=vendor.lower(), p=product.lower()
    )
    existing = same.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            platform = Platform.objects.create(
                vendor=vendor, product=product, created_by=user, **details
            )
            PlatformEvent.objects.create(
                platform=platform,
                actor=user,
                transition="register",
                to_status=PlatformStatus.SURVEYED,
            )
    except IntegrityError:  # another request registered it at the same moment
        return same.get(), False
    return platform, True


def _auditor(user):
    if not can(user, Action.AUDIT_PLATFORMS):
        raise PermissionDenied


def _locked(platform) -> Platform:
    return Platform.objects.select_for_update().get(pk=platform.pk)


def platform_transition(*, user, platform: Platform, name: str, reason: str = "") -> Platform:
    """Takes a step of the table by hand (revoke, remediate, procurement, retire).

    Side effects: the status, one PlatformEvent; ``approval_lost`` when leaving approved.
    "remediate" is refused until the plan has a vendor action."""
    _auditor(user)
    with transaction.atomic():
        platform = _locked(platform)
        if name == "remediate" and not platform.actions.exists():
            raise PlatformRefused(
                code="no_plan",
                message=_("Add at least one vendor action to the remediation plan first."),
            )
        workflow.apply(platform, name, actor=user, reason=reason)
    return platform


def audit_start(*, user, platform: Platform) -> Audit:
    """Opens an audit (the platform goes "under audit"; a remediated or due platform is
    re-audited). Side effects: one Audit, the status step and its event."""
    _auditor(user)
    with transaction.atomic():
        platform = _locked(platform)
        workflow.apply(platform, "start_audit", actor=user)
        return Audit.objects.create(platform=platform, auditor=user)


def _open_audit(audit: Audit) -> Audit:
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if not audit.is_open:
        raise PlatformRefused(code="finished", message=_("This audit is finished."))
    return audit


def audit_rate(*, user, audit: Audit, ratings: dict, summary: str = "") -> Audit:
    """Saves the audit's ratings: ``ratings`` maps a criterion to (rating, findings); a
    criterion left without a rating keeps none. Side effects: Finding rows replaced."""
    _auditor(user)
    with transaction.atomic():
        audit = _open_audit(audit)
        for criterion, (rating, findings) in ratings.items():
            if not rating:
                audit.findings.filter(criterion=criterion).delete()
                continue
            Finding.objects.update_or_create(
                audit=audit,
                criterion=criterion,
                defaults={"rating": rating, "findings": findings.strip()},
            )
        audit.summary = summary.strip()
        audit.save(update_fields=["summary"])
    return audit


def audit_attach(*, user, audit: Audit, files) -> list[AuditEvidence]:
    """Stores evidence files on an open audit, each checked by its content (the kinds and
    limits of attachments). Side effects: AuditEvidence rows and their private files.
    ValueError with the reason when a file is refused (nothing is stored then)."""
    _auditor(user)
    files = list(files)
    held = audit.evidence.aggregate(files=Count("pk"), size=Sum("size"))
    uploads.check_count(
        [f.size for f in files], uploads.ATTACHMENT, already=(held["files"], held["size"] or 0)
    )
    kinds = [uploads.check(f, uploads.ATTACHMENT) for f in files]
    stored = []
    with transaction.atomic():
        audit = _open_audit(audit)
        for upload, kind in zip(files, kinds, strict=True):
            evidence = AuditEvidence(audit=audit)
            uploads.fill_checked(
                evidence, upload=upload, kind=kind, stem=f"audit-{audit.pk}", by=user
            )
            evidence.save()
            stored.append(evidence)
    return stored


def audit_finish(*, user, audit: Audit, outcome: str, approved_until=None, reason="") -> Audit:
    """Ends the audit with its outcome: "approve" (until ``approved_until``, a future day;
    refused unless every criterion meets) or "flag". Side effects: the audit's outcome and
    end date, the platform's status step and its event."""
    _auditor(user)
    with transaction.atomic():
        audit = _open_audit(audit)
        platform = _locked(audit.platform)
        if outcome == Outcome.APPROVE:
            meets = set(audit.findings.filter(rating="meets").values_list("criterion", flat=True))
            if meets != set(Criterion.values):
                raise PlatformRefused(
                    code="criteria_not_met",
                    message=_("A platform is approved only when every criterion meets."),
                )
            if approved_until is None or approved_until <= timezone.localdate():
                raise PlatformRefused(
                    code="approval_date",
                    message=_("Give the re-audit date: a day after today."),
                )
            workflow.apply(
                platform, "approve", actor=user, reason=reason, approved_until=approved_until
            )
        elif outcome == Outcome.FLAG:
            workflow.apply(platform, "flag", actor=user, reason=reason)
            approved_until = None
        else:
            raise PlatformRefused(code="outcome", message=_("Choose an outcome."))
        audit.outcome = outcome
        audit.approved_until = approved_until
        audit.finished_on = timezone.localdate()
        audit.save(update_fields=["outcome", "approved_until", "finished_on"])
    return audit


def remediation_action_add(*, user, platform: Platform, description: str, due_on):
    """Adds a vendor action to a flagged (or in-remediation) platform's plan."""
    _auditor(user)
    with transaction.atomic():
        platform = _locked(platform)
        if not platform.can_plan:
            raise PlatformRefused(
                code="not_flagged", message=_("Only a flagged platform has a remediation plan.")
            )
        return RemediationAction.objects.create(
            platform=platform, description=description.strip(), due_on=due_on, created_by=user
        )


def remediation_action_done(*, user, action: RemediationAction) -> RemediationAction:
    """Marks a vendor action done (who, when); a second click changes nothing."""
    _auditor(user)
    with transaction.atomic():
        action = RemediationAction.objects.select_for_update().get(pk=action.pk)
        if not action.is_done:
            action.done_at, action.done_by = timezone.now(), user
            action.save(update_fields=["done_at", "done_by"])
    return action


def transitions_plan(*, user, platform: Platform, target: Platform, deadline) -> int:
    """ITS decides the schools must move off ``platform``: each school using it this school
    year gets a transition to ``target`` (an approved platform) by ``deadline``; a school
    with one open already keeps it. Returns how many were created."""
    _auditor(user)
    with transaction.atomic():
        platform = _locked(platform)
        if not platform.is_flagged:
            raise PlatformRefused(
                code="not_flagged", message=_("Schools are moved only off a flagged platform.")
            )
        if target.pk == platform.pk or target.status != PlatformStatus.APPROVED:
            raise PlatformRefused(
                code="target", message=_("Schools can only move to another approved platform.")
            )
        if deadline <= timezone.localdate():
            raise PlatformRefused(code="deadline", message=_("The deadline must be after today."))
        year = school_year_current()
        schools = PlatformUse.objects.filter(platform=platform, school_year=year).values_list(
            "school_id", flat=True
        )
        waiting = set(
            platform.transitions_away.filter(done_at__isnull=True).values_list(
                "school_id", flat=True
            )
        )
        new = [
            SchoolTransition(
                school_id=school_id,
                platform=platform,
                target=target,
                deadline=deadline,
                decided_by=user,
            )
            for school_id in sorted(set(schools) - waiting)
        ]
        SchoolTransition.objects.bulk_create(new)
    return len(new)


def transition_done(*, user, transition: SchoolTransition) -> SchoolTransition:
    """The school moved: its principal (or ITS) marks the transition done; idempotent."""
    if not (
        can(user, Action.ANSWER_PLATFORM_SURVEY, transition.school)
        or can(user, Action.AUDIT_PLATFORMS)
    ):
        raise PermissionDenied
    with transaction.atomic():
        transition = SchoolTransition.objects.select_for_update().get(pk=transition.pk)
        if not transition.is_done:
            transition.done_at, transition.done_by = timezone.now(), user
            transition.save(update_fields=["done_at", "done_by"])
    return transition


def platforms_reaudit_due(*, on=None) -> int:
    """Moves every approval past its date to "due for re-audit" (the daily review); a rerun
    finds nothing more to move. Returns how many moved. Side effects per platform: the step,
    its event (no actor: the review) and ``approval_lost``."""
    day = on or timezone.localdate()
    moved = 0
    due = Platform.objects.filter(status=PlatformStatus.APPROVED, approved_until__lt=day)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            platform = Platform.objects.select_for_update().get(pk=pk)
            if platform.status != PlatformStatus.APPROVED or platform.approved_until >= day:
                continue  # changed since the list was read
            workflow.apply(
                platform,
                "reaudit_due",
                actor=None,
                reason=f"Approved until {platform.approved_until:%Y-%m-%d}.",
            )
            moved += 1
    return moved

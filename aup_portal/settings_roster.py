"""Settings of the OneRoster import, from the environment; imported by aup_portal/settings.py."""

from aup_portal.envvars import env, env_int

# The roster import (docs/roster-import.md): the share of students a full OneRoster file may
# mark as left before the import refuses it (unless --force); which org sourcedIds are charter
# or magnet schools when the SIS's orgs.csv has no metadata.kind column; and the size limits
# of an uploaded zip.
ROSTER_IMPORT_MAX_LEFT_SHARE = env.float("ROSTER_IMPORT_MAX_LEFT_SHARE", default=0.05)
ROSTER_CHARTER_ORGS = env.list("ROSTER_CHARTER_ORGS", default=[])
ROSTER_MAGNET_ORGS = env.list("ROSTER_MAGNET_ORGS", default=[])
ROSTER_IMPORT_MAX_BYTES = env_int("ROSTER_IMPORT_MAX_BYTES", 20 * 1024**3, minimum=1)
ROSTER_IMPORT_MAX_RATIO = env_int("ROSTER_IMPORT_MAX_RATIO", 200, minimum=1)
# Whether a guardian imported with each OneRoster role holds educational rights (may sign).
ROSTER_EDUCATIONAL_RIGHTS = {"parent": True, "guardian": True, "relative": False}

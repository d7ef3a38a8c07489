"""Reading a OneRoster 1.1 / 1.2 bulk or delta CSV export (a folder or a zip), row by row.

Nothing here touches the database: the reader opens the export safely (no paths outside the
folder, no zip bombs), checks the encoding and the columns, and yields each row as a dict with
its line number, so every error can name its file, line and column."""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings

REQUIRED_FILES = ("manifest.csv", "orgs.csv", "academicSessions.csv", "users.csv")
OPTIONAL_FILES = (
    "enrollments.csv",
    "classes.csv",
    "demographics.csv",
    "roles.csv",
    "userProfiles.csv",
)

# The columns the import reads, per file (other columns are allowed and ignored).
REQUIRED_COLUMNS = {
    "manifest.csv": ("propertyName", "value"),
    "orgs.csv": ("sourcedId", "name", "type", "identifier"),
    "academicSessions.csv": ("sourcedId", "title", "type", "startDate", "endDate", "schoolYear"),
    "users.csv": ("sourcedId", "givenName", "familyName", "identifier", "email"),
    "enrollments.csv": ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
    "classes.csv": ("sourcedId", "termSourcedIds"),
    "demographics.csv": ("sourcedId", "birthDate"),
    "roles.csv": ("userSourcedId", "role", "orgSourcedId"),
    # OneRoster 1.2 CSV binding; applicationId, description and password are optional.
    "userProfiles.csv": (
        "sourcedId",
        "userSourcedId",
        "profileType",
        "vendorId",
        "credentialType",
        "username",
    ),
}


@dataclass
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self):
        where = f"{self.file}, line {self.line}" if self.line else self.file
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class RosterFileError(Exception):
    """The export cannot be imported; ``problems`` say where and why. Nothing was changed."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self):
        return "\n".join(str(p) for p in self.problems)


def _limits():
    return (
        getattr(settings, "ROSTER_IMPORT_MAX_BYTES", 20 * 1024**3),
        getattr(settings, "ROSTER_IMPORT_MAX_RATIO", 200),
    )


class Export:
    """One OneRoster export, a folder or a zip file; use as a context manager."""

    def __init__(self, path):
        self.path = Path(path)
        self._zip = None
        self.names: set[str] = set()

    def __enter__(self):
        if self.path.is_dir():
            self.names = {p.name for p in self.path.iterdir() if p.is_file()}
        elif zipfile.is_zipfile(self.path):
            self._zip = zipfile.ZipFile(self.path)
            self._check_zip()
            self.names = {i.filename for i in self._zip.infolist() if not i.is_dir()}
        elif self.path.exists():
            raise RosterFileError(
                [Problem(self.path.name, 0, "", "is neither a folder nor a zip file.")]
            )
        else:
            raise RosterFileError([Problem(str(self.path), 0, "", "does not exist.")])
        missing = [name for name in REQUIRED_FILES if name not in self.names]
        if missing:
            raise RosterFileError(
                [Problem(name, 0, "", "is missing from the export.") for name in missing]
            )
        return self

    def __exit__(self, *exc):
        if self._zip is not None:
            self._zip.close()

    def _check_zip(self):
        max_bytes, max_ratio = _limits()
        total = 0
        for info in self._zip.infolist():
            name = PurePosixPath(info.filename)
            # Zip-slip: every member sits at the top of the export, nowhere else.
            if (
                name.is_absolute()
                or ".." in name.parts
                or "\\" in info.filename
                or len(name.parts) != 1
            ):
                raise RosterFileError(
                    [Problem(info.filename, 0, "", "lies outside the export's folder; refused.")]
                )
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > max_bytes or (info.file_size > 1024**2 and ratio > max_ratio):
                raise RosterFileError(
                    [
                        Problem(
                            info.filename, 0, "", "unpacks to too much data (a zip bomb?); refused."
                        )
                    ]
                )

    def has(self, name: str) -> bool:
        return name in self.names

    def _open_bytes(self, name):
        if self._zip is not None:
            return self._zip.open(name)
        return open(self.path / name, "rb")

    def rows(self, name: str):
        """Yields (line number, row dict) for each data row of ``name``; the header must hold
        the file's required columns. A UTF-8 byte-order mark is accepted; any other encoding
        is refused."""
        raw = self._open_bytes(name)
        text = _Utf8Lines(raw, name)
        reader = csv.reader(text)
        try:
            header = next(reader, None)
            if header is None:
                raise RosterFileError([Problem(name, 1, "", "is empty; a header row is needed.")])
            header = [column.strip() for column in header]
            missing = [c for c in REQUIRED_COLUMNS.get(name, ()) if c not in header]
            if missing:
                raise RosterFileError(
                    [Problem(name, 1, c, "this column is missing.") for c in missing]
                )
            for row in reader:
                if not any(row):
                    continue
                yield reader.line_num, dict(zip(header, row, strict=False))
        except csv.Error as error:
            raise RosterFileError(
                [Problem(name, reader.line_num, "", f"not valid CSV ({error}).")]
            ) from None
        finally:
            raw.close()

    def header(self, name: str) -> list[str]:
        for _line, row in self.rows(name):
            return list(row)
        return []


class _Utf8Lines:
    """The file's lines decoded as UTF-8 (a leading BOM dropped), read in small pieces so a
    large file is never held in memory; a byte that is not UTF-8 stops the import with the
    line it is on."""

    def __init__(self, raw, name):
        self.raw = io.BufferedReader(raw) if not hasattr(raw, "peek") else raw
        self.name = name
        self.line = 0
        self.first = True

    def __iter__(self):
        return self

    def __next__(self):
        data = self.raw.readline()
        if not data:
            raise StopIteration
        self.line += 1
        if self.first:
            self.first = False
            if data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8) :]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise RosterFileError(
                [
                    Problem(
                        self.name,
                        self.line,
                        "",
                        "is not UTF-8 text; export it as UTF-8 (a byte-order mark is fine).",
                    )
                ]
            ) from None

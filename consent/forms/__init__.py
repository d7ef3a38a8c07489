"""The consent app's forms, by audience: parents, school staff, and paper forms."""

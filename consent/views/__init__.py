"""The consent app's pages, one module per audience or concern: parents, school staff, the
dashboard, letters, paper forms, a student's records, and the texting system's API."""

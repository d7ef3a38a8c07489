"""Views of the platforms app, by audience: ITS (``its``), a school (``school``), the public
list (``public``)."""

"""Every state change of texting consent, one module per part of the journey: issuing,
signing, countersigning, filing, paper forms, letters, form texts and API keys.

Each service runs in one transaction and locks the row it changes, so double clicks and two
people acting at once end with one result and a clear answer for the other."""

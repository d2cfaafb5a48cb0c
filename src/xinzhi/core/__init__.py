"""Core services shared by every domain: settings, database, errors, auth, audit and jobs."""

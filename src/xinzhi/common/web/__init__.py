"""Web helpers every domain's API and pages use: request dependencies, page rendering, CSRF,
form handling, uploads and the message catalogue."""

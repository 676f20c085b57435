"""The bottom layer: the finding shape, the one user-facing error type and the Dutch text
rules (normalisation, plural forms) that every other layer shares."""

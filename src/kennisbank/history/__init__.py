"""History from git: commits, releases and the state of the content at each, and what changed
in meaning between two states."""

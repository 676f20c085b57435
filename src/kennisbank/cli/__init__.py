"""The command line: parsing, one function per command, and the only place that turns a
KennisbankError into a message and an exit code."""

"""The checks: rules over the whole model (each returns findings), the profile, and the pipeline
that loads a root and runs every rule."""

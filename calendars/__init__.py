"""The example workspaces, shipped as the package `scheduler.examples` for `schedule init` (see pyproject.toml)."""

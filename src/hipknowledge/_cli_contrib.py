"""Commands for contributors and maintainers: diff, schema, new."""

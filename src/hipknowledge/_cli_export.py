"""The export command."""

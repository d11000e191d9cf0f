"""The package version (one place, imported by the package and by study manifests)."""

__version__ = "0.2.0"

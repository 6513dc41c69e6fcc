"""diptych's version: the one source (pyproject.toml, --version, the cache's code digest and the package's face read it)."""

__version__ = "0.2.0"

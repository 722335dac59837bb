from steadfast.transparency.models.publications import Publication

__all__ = ["Publication"]

from __future__ import annotations


class OscalError(ValueError):
    """A catalog that cannot be imported: names the file, the place inside it and the reason."""

    def __init__(self, file: str, where: str, reason: str):
        self.file, self.where, self.reason = file, where, reason
        super().__init__(f"{file}: {where}: {reason}" if where else f"{file}: {reason}")

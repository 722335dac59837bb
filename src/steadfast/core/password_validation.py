"""A password-strength check stronger than Django's list of 20,000 common passwords.

zxcvbn (Dropbox's estimator, pure Python, offline) scores a password by how many guesses an
attacker who knows common passwords, words, names, keyboard walks, repeats ("aaaaaaaaaaaa"),
sequences ("abcdefghijkl"), dates and l33t substitutions would need. Django's own validators stay
(length, similarity to the account, its common list, all-digits); this one refuses anything
scoring below STEADFAST_PASSWORD_MIN_SCORE (0-4, default 3: about 10^8 guesses or more, what zxcvbn
calls "safely unguessable" against an online attack and slowed offline by Argon2). Django runs it on
every path that sets a password: `createuser`, the users page, the password-change form, the admin.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

# zxcvbn's cost grows with length; past this it only looks at the start (72 is bcrypt's own cut).
MAX_CHECKED_LENGTH = 72


class ZxcvbnValidator:
    def __init__(self, min_score: int | None = None):
        self.min_score = min_score

    def _threshold(self) -> int:
        return self.min_score if self.min_score is not None else getattr(settings, "STEADFAST_PASSWORD_MIN_SCORE", 3)

    def validate(self, password: str, user=None) -> None:
        hints = [value for value in (getattr(user, "username", ""), getattr(user, "email", ""),
                                     getattr(user, "first_name", ""), getattr(user, "last_name", "")) if value]
        hints += ["steadfast"]
        result = zxcvbn(password, user_inputs=hints, max_length=MAX_CHECKED_LENGTH)
        if result["score"] >= self._threshold():
            return
        feedback = result.get("feedback") or {}
        reasons = [text for text in [feedback.get("warning", "")] + list(feedback.get("suggestions") or []) if text]
        raise ValidationError(
            "This password is too easy to guess" + (": " + " ".join(reasons) if reasons else ".")
            + " A passphrase of three or four unrelated words is strong and easy to remember.",
            code="password_too_guessable",
        )

    def get_help_text(self) -> str:
        return ("Your password must not be easy to guess: no repeated or sequential characters, keyboard "
                "patterns, common words with a number on the end, or your name.")

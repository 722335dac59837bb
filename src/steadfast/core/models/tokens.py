from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the secret is shown once at creation.

    Its scope narrows what it may do below its owner's role: a read-only token may only use
    operations whose policy action is "view", with GET/HEAD/OPTIONS (403 otherwise).
    """

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)

    audit_fields = ("name", "prefix", "scope", "expires_at", "revoked_at")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(scope__in=["read", "write"]),
                                              name="apitoken_scope_valid")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def audit_label(self) -> str:
        return str(self)

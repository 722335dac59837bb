from steadfast.privacy.api.base import router

__all__ = ["router"]

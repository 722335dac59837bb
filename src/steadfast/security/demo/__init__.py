"""The security part of the demo organisation, loaded on top of the network demo.

`load_security_demo(seed=, report=)` writes it in one transaction through the security services
(audited); the `steadfast security_demo` command is the usual way in. Production code never
imports this package.
"""

from steadfast.security.demo.loader import SecurityDemoError, load_security_demo

__all__ = ["SecurityDemoError", "load_security_demo"]

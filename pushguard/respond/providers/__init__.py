"""One module per provider: how to verify a credential live and, where possible, revoke it."""

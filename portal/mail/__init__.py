"""E-mail that members choose: preferences, one-click unsubscribe, digests and follows (the outbox sends it)."""

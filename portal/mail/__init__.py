"""E-mail: the outbox and its worker, preferences, unsubscribe, digests and follows."""

"""The outbox: e-mails written in the transaction that caused them, and the worker that sends them."""

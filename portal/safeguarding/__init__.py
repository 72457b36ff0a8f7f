"""The safeguarding assist: likely personal data in what members write, and the findings stored for moderators."""

"""Reminders: the working-day calendar, the pure reminder policy, and their texts (see issue 10)."""

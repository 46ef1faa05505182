"""Who reads an accompaniment plan: the agent it is about, and the HR of the plan's organisation — nobody else.
Not the manager, not a host, not a signatory, not a network partner (issue 22: the situation belongs to the
agent's HR file)."""

from passerelles.access.scopes import own_or_hr

plans = own_or_hr

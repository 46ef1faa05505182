"""Working time conventions shared by missions, the boussole and the time log (no database)."""

WORKING_DAYS_PER_MONTH = 21.67  # 260 working days a year / 12

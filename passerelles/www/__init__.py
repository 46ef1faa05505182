"""The interface layer: pages that span several domains (the engagement page with its framework, documents and
follow-up; an organisation's settings with caps, frameworks and retention). It sits above the domain apps —
it imports them, none imports it — as in les-emplois' ``www/``. Templates stay beside the domain they show.
"""

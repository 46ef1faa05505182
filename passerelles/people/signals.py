"""What the people app tells the apps above it, without importing them."""

from django.dispatch import Signal

# Sent after an SIRH import created agents (sender: the Organisation). Keyword arguments: ``agent_ids`` (the
# new agents), ``by`` (who imported, or None from the command line), ``invite`` (HR asked to invite them).
# The invitations app answers with what it sent.
agents_imported = Signal()

"""Sign-in through ProConnect or any OpenID Connect provider (issue 12): an allauth provider of its own."""

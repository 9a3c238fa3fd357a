"""The queries behind the API routes. Every function takes the session, the user id and,
when time matters, ``now``; every query filters on the user id, and a record of another
user is reported exactly like a missing one (``NotFound``)."""

"""Errors every command reports the same way."""


class UserError(Exception):
    """A mistake in how a command was called (a missing folder, an unknown version...).

    The command line prints it as one line and exits with status 2, without a traceback.
    """

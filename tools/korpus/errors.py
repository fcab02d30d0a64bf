"""The korpus error family.

Library code raises these; only ``cli`` turns them into exit codes.  Each message
names the file (or document, or sentence) and says what to do next.
"""


class KorpusError(Exception):
    """Base class of every error korpus reports to its user."""


class InputError(KorpusError):
    """A file the user brought cannot be read as an article (missing, empty, binary, ...)."""


class CorpusError(KorpusError):
    """The corpus on disk is malformed, or an id is unknown."""


class UnknownDocumentError(CorpusError):
    """No document has the id the user asked for."""


class CorpusLockedError(CorpusError):
    """Another korpus process holds the corpus lock for too long."""


class DictionaryError(KorpusError):
    """A user dictionary cannot be installed or read."""


class KorpusWarning(UserWarning):
    """A problem korpus works around (e.g. an unusable dictionary store, left out); the CLI
    shows each distinct one once, as a ``Warning: ...`` line on stderr."""

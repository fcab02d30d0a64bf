"""korpus: Korean tech-news articles as an annotated, aligned reading corpus and Anki decks.

The package is a pipeline of small stages over plain data types (see ``model``):
ingest -> annotate -> align -> vocabulary -> export.  ``cli`` is a thin click layer.
"""

__version__ = "0.1.0"

"""URL modules, one per namespace: ``lessons.urls.lessons`` ("lessons") and
``lessons.urls.facts`` ("facts"), both included from ``kosovo_edu.urls``."""

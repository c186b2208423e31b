"""Renderers: a scene in, the bytes of a file out."""

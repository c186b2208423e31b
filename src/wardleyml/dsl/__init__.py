"""The OWM text format: reading (:func:`parse`) and canonical writing (:func:`write`)."""

from .lexer import NotText, decode
from .parser import parse
from .writer import write

__all__ = ["NotText", "decode", "parse", "write"]

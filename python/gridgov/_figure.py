"""The figure every :mod:`gridgov.plot` function draws on: a matplotlib Figure built directly,
never through pyplot, that shows itself in a notebook.

Why not ``plt.subplots``: a pyplot figure made inside a library call stays in pyplot's list of
open figures, and in Jupyter the figures after the first one vanished until ``plt.show()``.
A Figure made directly belongs to whoever holds it; ``_repr_png_`` lets IPython draw it when it
is a cell's value even when the inline backend was never started (IPython's own formatter for
Figure, when registered, takes precedence and gives the same picture).

Text a caller adds afterwards (a legend of the map's Chinese labels, a title) is made with
matplotlib's default font, which has no Chinese: at drawing time such text gets the CJK font
found by :func:`gridgov.plot.cjk_font` in front of its own families."""

from __future__ import annotations

import io

from matplotlib.figure import Figure as _MatplotlibFigure
from matplotlib.text import Text


class Figure(_MatplotlibFigure):
    """A :class:`matplotlib.figure.Figure` that displays as a PNG in notebooks."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()

    def draw(self, renderer):
        from .plot import cjk_font

        font = cjk_font()
        if font is not None:
            for text in self.findobj(Text):
                families = list(text.get_fontfamily())
                if not text.get_text().isascii() and font not in families:
                    text.set_fontfamily([font, *families])
        super().draw(renderer)

from __future__ import annotations

import dataclasses

import pytest

import wardleyml
from wardleyml import themes
from wardleyml.errors import UnknownNameError, WardleyError
from wardleyml.themes import TextStyle, Theme


def test_builtin_names() -> None:
    assert themes.names() == ["colour", "dark", "handwritten", "plain", "wardley"]


@pytest.mark.parametrize("name", ["plain", "wardley", "colour", "dark", "handwritten"])
def test_each_builtin_is_a_theme(name: str) -> None:
    theme = themes.get(name)
    assert isinstance(theme, Theme)
    assert theme.name == name
    for field in dataclasses.fields(theme.text):
        style = theme.text_style(field.name)
        assert style.size > 0
        assert style.line_height > 0


def test_color_alias_and_case() -> None:
    assert themes.get("color") is themes.get("colour")
    assert themes.get("Dark") is themes.get("dark")


def test_owm_values() -> None:
    plain, colour, dark = themes.get("plain"), themes.get("colour"), themes.get("dark")
    assert plain.component_radius == 5
    assert colour.component_radius == 7
    assert colour.component_stroke == "#8cb358"
    assert colour.axis_width == 3
    assert dark.background == "#353347"
    assert plain.method_radius == 15
    assert plain.market_radius == 18
    assert plain.ecosystem_radius == 30
    assert plain.annotation_radius == 15
    assert plain.font_size("component") == 14
    assert themes.get("wardley").font_size("component") == 12
    assert dark.font_size("component") == 13
    assert themes.get("wardley").background_gradient is not None


def test_dark_labels_are_light() -> None:
    # OWM draws them black on #353347 (a bug we do not copy).
    dark = themes.get("dark")
    for role in ("title", "component", "anchor", "note"):
        assert dark.text_style(role).color != "#000000"
    assert dark.text.evolved.color == "#90caf9"


def test_unknown_theme_lists_names() -> None:
    with pytest.raises(UnknownNameError, match="plain") as info:
        themes.get("neon")
    assert "wardley" in str(info.value)
    assert isinstance(info.value, wardleyml.WardleyError)


def test_one_theme_rule_for_layout_and_renderers() -> None:
    m = wardleyml.loads("component A [0.5, 0.5]")
    # An explicit unknown name is an error everywhere, never a silent plain.
    for call in (
        lambda: wardleyml.layout_map(m, theme="nonsense"),
        lambda: wardleyml.render(m, theme="nonsense"),
    ):
        with pytest.raises(UnknownNameError, match="available: colour"):
            call()
    with pytest.raises(WardleyError, match="theme must be a theme name or a Theme"):
        themes.for_map(42, "plain")  # type: ignore[arg-type]
    # The map's own unknown style draws in plain, as OWM does.
    assert themes.for_map(None, "fancy") is themes.get("plain")
    assert themes.for_map(None, "dark") is themes.get("dark")
    assert themes.for_map("wardley", "dark") is themes.get("wardley")


def test_a_registered_theme_is_a_known_style() -> None:
    text = "style brandnew\ncomponent A [0.5, 0.5]"
    assert [d.code for d in wardleyml.loads(text).diagnostics] == ["unknown-style"]
    themes.register(themes.get("dark").derive(name="brandnew"))
    try:
        m = wardleyml.loads(text)
        assert m.diagnostics == ()
        assert themes.for_map(None, m.style) is themes.get("brandnew")
    finally:
        themes.unregister("brandnew")


def test_register_derived_theme() -> None:
    mine = themes.get("plain").derive(
        name="test-mine", component_radius=9, text={"note": TextStyle(size=20, weight="bold")}
    )
    assert mine.text.note.size == 20
    assert mine.text.component.size == 14
    themes.register(mine)
    try:
        assert themes.get("TEST-MINE") is mine
        assert "test-mine" in themes.names()
        with pytest.raises(WardleyError, match="already registered"):
            themes.register(mine)
        themes.register(mine, replace=True)
    finally:
        themes.unregister("test-mine")
    assert "test-mine" not in themes.names()


def test_builtins_cannot_be_replaced() -> None:
    with pytest.raises(WardleyError, match="built-in"):
        themes.register(themes.get("plain"))


def test_register_rejects_non_theme() -> None:
    with pytest.raises(WardleyError, match="not a usable theme"):
        themes.register("nope", name="nope")  # type: ignore[arg-type]


def test_theme_is_frozen_and_hashable() -> None:
    plain = themes.get("plain")
    with pytest.raises(dataclasses.FrozenInstanceError):
        plain.component_radius = 3  # type: ignore[misc]
    assert hash(plain) == hash(themes.get("plain").derive())


def test_unknown_role() -> None:
    with pytest.raises(KeyError, match="roles"):
        themes.get("plain").text_style("nope")


def test_symbol_radius() -> None:
    plain = themes.get("plain")
    assert plain.symbol_radius("market") == 18
    with pytest.raises(KeyError):
        plain.symbol_radius("hexagon")


def test_theme_keeps_dataclass_behaviour() -> None:
    plain = themes.get("plain")
    assert dataclasses.is_dataclass(plain)
    names = [f.name for f in dataclasses.fields(plain)]
    assert names[:2] == ["name", "text"]
    bigger = dataclasses.replace(plain, component_radius=9.0)
    assert bigger.component_radius == 9.0
    assert bigger != plain
    assert dataclasses.replace(plain) == plain
    assert repr(plain).startswith("Theme(name='plain', text=TextStyles(title=TextStyle(size=")
    style = plain.text.component
    assert repr(style) == (
        f"TextStyle(size={style.size!r}, color={style.color!r}, weight={style.weight!r}, "
        f"style={style.style!r}, line_height={style.line_height!r}, family={style.family!r})"
    )
    assert hash(style) == hash(dataclasses.replace(style))
    assert style != dataclasses.replace(style, size=style.size + 1)
    not_a_style: object = "not a style"
    assert (style == not_a_style) is False


def _luminance(css: str) -> float:
    from wardleyml.scene.colors import to_rgba

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = to_rgba(css)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _over(css: str, background: str) -> str:
    """``css`` (maybe translucent) painted over ``background``, as an opaque colour."""
    from wardleyml.scene.colors import to_rgba

    r, g, b, a = to_rgba(css)
    br, bg, bb, _ = to_rgba(background)
    mix = (r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a))
    return "#" + "".join(f"{round(c * 255):02x}" for c in mix)


def contrast(text: str, background: str) -> float:
    lighter, darker = sorted(
        (_luminance(_over(text, background)), _luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


MAP_TEXT = (
    "title", "component", "evolved", "anchor", "note", "link_context", "flow_value",
    "axis_title", "stage", "corner", "accelerator",
)  # fmt: skip


@pytest.mark.parametrize("name", themes.names())
def test_text_is_legible_on_the_background(name: str) -> None:
    theme = themes.get(name)
    for role in MAP_TEXT:
        color = theme.text_style(role).color
        assert contrast(color, theme.background) >= 4.5, (role, color)
        for _, band in theme.background_gradient or ():
            assert contrast(color, band) >= 3.0, (role, color, band)


@pytest.mark.parametrize("name", themes.names())
def test_area_and_legend_text_is_legible(name: str) -> None:
    theme = themes.get(name)
    for area_style in theme.pst.values():
        alpha = f"{round(theme.pst_fill_opacity * 255):02x}"
        area = _over(area_style.fill + alpha, theme.background)
        assert contrast(theme.text.pst.color, area) >= 4.5, (area_style, theme.text.pst.color)
    assert contrast(theme.text.legend.color, theme.legend_fill) >= 4.5


def test_contrast_helper_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ff0000", "#ffffff") == pytest.approx(4.0, abs=0.01)

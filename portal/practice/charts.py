"""Small horizontal bar charts, laid out here and drawn as SVG by templates/practice/_chart.html."""
from dataclasses import dataclass

WIDTH = 520
LABEL_WIDTH = 165  # room for "Pupil Referral Unit" at the chart's 16px font
BAR_AREA = 300
ROW_HEIGHT = 36
BAR_HEIGHT = 24


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: int
    y: int
    tone: str = "neutral"

    @property
    def value_x(self):
        return LABEL_WIDTH + self.width + 8


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    category: str  # what each bar is, e.g. "Phase": the heading of the table alternative
    bars: tuple
    unit: str = "posts"

    width = WIDTH
    label_x = LABEL_WIDTH - 10  # labels end here, right-aligned
    bar_x = LABEL_WIDTH

    @property
    def height(self):
        return len(self.bars) * ROW_HEIGHT + 4

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)

    @property
    def text_alternative(self):
        """The chart's data in words: "Posts by kind: Case study 3, Prompt 1." for screen readers."""
        return f"{self.title}: " + ", ".join(f"{bar.label} {bar.value}" for bar in self.bars) + "."


def bar_chart(chart_id, title, category, rows, tones=None, unit="posts"):
    """A chart from (key, label, value) rows; bar lengths are scaled to the largest value."""
    largest = max((value for _, _, value in rows), default=0) or 1
    bars = tuple(Bar(label=label, value=value, width=round(BAR_AREA * value / largest), y=i * ROW_HEIGHT + 2,
                     tone=(tones or {}).get(key, "neutral")) for i, (key, label, value) in enumerate(rows))
    return BarChart(id=chart_id, title=title, category=category, bars=bars, unit=unit)

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


@dataclass(frozen=True)
class Span:
    """One row of a range chart: the lowest to the highest report, with the median marked."""
    label: str
    figure: object  # workload.Figure
    low_x: int
    high_x: int
    median_x: int
    y: int

    @property
    def range_width(self):
        return max(self.high_x - self.low_x, 2)


@dataclass(frozen=True)
class RangeChart:
    id: str
    title: str
    category: str
    spans: tuple
    zero_x: int

    width = WIDTH + 60  # the median's words at the end of each row
    label_x = LABEL_WIDTH - 10
    value_x = LABEL_WIDTH + BAR_AREA + 12

    @property
    def height(self):
        return len(self.spans) * ROW_HEIGHT + 4

    @property
    def text_alternative(self):
        return f"{self.title}: " + "; ".join(
            f"{span.label}, median {span.figure.median:g} minutes a week, from {span.figure.lowest} to "
            f"{span.figure.highest}, {span.figure.reports} {'report' if span.figure.reports == 1 else 'reports'}"
            for span in self.spans) + ". Negative minutes are time lost."


def range_chart(chart_id, title, category, rows):
    """A chart of (label, Figure) rows on one scale that includes zero, so time lost reads left of the line."""
    lowest = min([0, *(figure.lowest for _, figure in rows)])
    highest = max([0, *(figure.highest for _, figure in rows)])
    scale = BAR_AREA / ((highest - lowest) or 1)

    def x(value):
        return round(LABEL_WIDTH + (value - lowest) * scale)
    spans = tuple(Span(label=label, figure=figure, low_x=x(figure.lowest), high_x=x(figure.highest),
                       median_x=x(figure.median), y=i * ROW_HEIGHT + 2) for i, (label, figure) in enumerate(rows))
    return RangeChart(id=chart_id, title=title, category=category, spans=spans, zero_x=x(0))

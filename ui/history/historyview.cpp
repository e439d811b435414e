#include "historyview.h"

#include "humanformat.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QScatterSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace agentmon {

namespace {

constexpr int kMinPoints = 200;
constexpr int kMaxPoints = 2000;
constexpr double kKbPerGb = 1024.0 * 1024.0;

// The smallest of 1, 2, 5 x 10^n with max / step <= ticks.
double niceStep(double max, int ticks)
{
    const double raw = max / ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0}) {
        if (m * magnitude >= raw * (1 - 1e-9))
            return m * magnitude;
    }
    return 10 * magnitude;
}

// 0..max on round steps, max >= value; returns how many steps.
int setRoundRange(QValueAxis *axis, double value, int maxSteps, double minStep)
{
    if (!(value > 0))
        value = minStep * maxSteps;
    const double step = std::max(minStep, niceStep(value, maxSteps));
    const int steps = std::max(1, int(std::ceil(value / step - 1e-9)));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setRange(0, steps * step);
    axis->setLabelFormat(step >= 1 ? QStringLiteral("%.0f")
                                   : (step >= 0.1 ? QStringLiteral("%.1f") : QStringLiteral("%.2f")));
    return steps;
}

// 0..max in the given number of steps of a round whole number, max >= value: the right axis's labels then
// sit on the left axis's grid lines.
void setWholeRange(QValueAxis *axis, int value, int steps)
{
    const qint64 need = (std::max(1, value) + steps - 1) / steps;
    qint64 step = 0;
    for (qint64 magnitude = 1; step == 0; magnitude *= 10) {
        for (const qint64 m : {1, 2, 3, 4, 5}) {
            if (m * magnitude >= need) {
                step = m * magnitude;
                break;
            }
        }
    }
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(double(step));
    axis->setRange(0, double(step * steps));
    axis->setLabelFormat(QStringLiteral("%.0f"));
}

QString timeFormat(HistoryView::Range range)
{
    return range == HistoryView::Range::Week ? QStringLiteral("ddd hh:mm") : QStringLiteral("hh:mm");
}

} // namespace

HistoryView::HistoryView(QWidget *parent)
    : QWidget(parent), m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    auto *rangeRow = new QHBoxLayout;
    m_rangeGroup = new QButtonGroup(this);
    m_rangeGroup->setExclusive(true);
    const struct {
        Range range;
        QString text;
        QString toolTip;
        const char *name;
    } buttons[] = {
        {Range::Hour, tr("Last hour"), tr("Show the last hour"), "rangeHour"},
        {Range::Day, tr("Last day"), tr("Show the last 24 hours"), "rangeDay"},
        {Range::Week, tr("Last week"), tr("Show the last 7 days"), "rangeWeek"},
    };
    for (const auto &b : buttons) {
        auto *button = new QPushButton(b.text, this);
        button->setObjectName(QLatin1String(b.name));
        button->setCheckable(true);
        button->setToolTip(b.toolTip);
        button->setFocusPolicy(Qt::StrongFocus);
        m_rangeGroup->addButton(button, int(b.range));
        rangeRow->addWidget(button);
    }
    m_rangeGroup->button(int(m_range))->setChecked(true);
    rangeRow->addStretch(1);
    connect(m_rangeGroup, &QButtonGroup::idClicked, this, [this](int id) { setRange(Range(id)); });

    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setBackgroundRoundness(0);

    m_timeAxis = new QDateTimeAxis(m_chart);
    m_memoryAxis = new QValueAxis(m_chart);
    m_memoryAxis->setTitleText(tr("Memory (GB)"));
    m_agentsAxis = new QValueAxis(m_chart);
    m_agentsAxis->setTitleText(tr("Agents"));
    m_agentsAxis->setGridLineVisible(false);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_memoryAxis, Qt::AlignLeft);
    m_chart->addAxis(m_agentsAxis, Qt::AlignRight);

    m_lines[int(Line::MemoryAvailable)] = {
        tr("Memory available"), QColor(0x1f, 0x77, 0xb4), m_memoryAxis, {}};
    m_lines[int(Line::AgentMemory)] = {tr("Agent memory"), QColor(0xe6, 0x7e, 0x22), m_memoryAxis, {}};
    m_lines[int(Line::Agents)] = {tr("Agents"), QColor(0x2c, 0xa0, 0x2c), m_agentsAxis, {}};
    for (LineSet &set : m_lines)
        addSegment(set);

    m_reapSeries = new QScatterSeries;
    m_reapSeries->setName(tr("Reaps"));
    m_reapSeries->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
    m_reapSeries->setColor(QColor(0xd6, 0x27, 0x28));
    m_reapSeries->setBorderColor(QColor(0xd6, 0x27, 0x28).darker(130));
    m_chart->addSeries(m_reapSeries);
    m_reapSeries->attachAxis(m_timeAxis);
    m_reapSeries->attachAxis(m_memoryAxis);
    connect(m_reapSeries, &QScatterSeries::hovered, this, &HistoryView::showReapToolTip);

    m_chartView = new QChartView(m_chart, this);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setAccessibleName(tr("Memory history chart"));
    m_chartView->setMinimumSize(fontMetrics().averageCharWidth() * 40, fontMetrics().height() * 12);

    m_emptyLabel =
        new QLabel(tr("No history yet: agentmon records a sample every few seconds while it runs."), this);
    m_emptyLabel->setObjectName(QStringLiteral("emptyHistoryLabel"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_emptyLabel->hide(); // until data arrives: before the first answer nothing is known

    // The label lies over the chart: both in one cell of the grid.
    auto *chartArea = new QGridLayout;
    chartArea->setContentsMargins(0, 0, 0, 0);
    chartArea->addWidget(m_chartView, 0, 0);
    chartArea->addWidget(m_emptyLabel, 0, 0);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(rangeRow);
    layout->addLayout(chartArea, 1);

    // A much wider or narrower chart wants another number of points; wait for the resize to settle.
    m_resizeRefresh.setSingleShot(true);
    m_resizeRefresh.setInterval(250);
    connect(&m_resizeRefresh, &QTimer::timeout, this, &HistoryView::refresh);

    applyPalette();
    updateTimeAxisFormat();
    const qint64 nowMs = now();
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(nowMs - spanMs(m_range)),
                         QDateTime::fromMSecsSinceEpoch(nowMs));
    setWholeRange(m_agentsAxis, 0, setRoundRange(m_memoryAxis, 0, 5, 0.1));
}

HistoryView::~HistoryView() = default;

qint64 HistoryView::spanMs(Range range)
{
    switch (range) {
    case Range::Hour:
        return 60LL * 60 * 1000;
    case Range::Day:
        return 24LL * 60 * 60 * 1000;
    case Range::Week:
        return 7LL * 24 * 60 * 60 * 1000;
    }
    return 60LL * 60 * 1000;
}

void HistoryView::setNowFunction(std::function<qint64()> now)
{
    if (now)
        m_now = std::move(now);
}

void HistoryView::setSampleIntervalMs(qint64 ms)
{
    m_sampleIntervalMs = std::max<qint64>(1, ms);
}

qint64 HistoryView::now() const
{
    return m_now();
}

QAbstractButton *HistoryView::rangeButton(Range range) const
{
    return m_rangeGroup->button(int(range));
}

void HistoryView::setRange(Range range)
{
    if (QAbstractButton *button = rangeButton(range); button && !button->isChecked())
        button->setChecked(true);
    if (range == m_range)
        return;
    m_range = range;
    updateTimeAxisFormat();
    Q_EMIT rangeChanged(range);
    refresh();
}

int HistoryView::maxPoints() const
{
    return std::clamp(m_chartView->width(), kMinPoints, kMaxPoints);
}

void HistoryView::refresh()
{
    m_resizeRefresh.stop();
    const qint64 to = now();
    m_requestedPoints = maxPoints();
    Q_EMIT dataWanted(to - spanMs(m_range), to, m_requestedPoints);
}

QList<QLineSeries *> HistoryView::segments(Line line) const
{
    return m_lines[int(line)].segments;
}

QList<QPointF> HistoryView::points(Line line) const
{
    QList<QPointF> all;
    for (const QLineSeries *s : m_lines[int(line)].segments)
        all += s->points();
    return all;
}

QLineSeries *HistoryView::addSegment(LineSet &set)
{
    auto *series = new QLineSeries;
    series->setName(set.name);
    QPen pen(set.color);
    pen.setWidthF(2);
    series->setPen(pen);
    m_chart->addSeries(series);
    series->attachAxis(m_timeAxis);
    series->attachAxis(set.axis);
    // One legend entry per line: the first segment's.
    if (!set.segments.isEmpty()) {
        const QList<QLegendMarker *> markers = m_chart->legend()->markers(series);
        for (QLegendMarker *marker : markers)
            marker->setVisible(false);
    }
    set.segments.append(series);
    return series;
}

void HistoryView::fillLine(LineSet &set, const QList<QList<QPointF>> &runs)
{
    const qsizetype wanted = std::max<qsizetype>(1, runs.size());
    while (set.segments.size() > wanted) {
        QLineSeries *extra = set.segments.takeLast();
        m_chart->removeSeries(extra);
        delete extra;
    }
    while (set.segments.size() < wanted)
        addSegment(set);
    for (qsizetype i = 0; i < wanted; ++i) {
        QLineSeries *series = set.segments.at(i);
        if (i < runs.size()) {
            // A lone sample between two gaps would draw nothing as a line.
            series->setPointsVisible(runs.at(i).size() == 1);
            series->replace(runs.at(i));
        } else {
            series->clear();
        }
    }
}

void HistoryView::setData(const QList<HistorySample> &samples, const QList<ReapMarker> &reaps, qint64 fromMs,
                          qint64 toMs)
{
    if (toMs <= fromMs && !samples.isEmpty()) {
        fromMs = samples.first().timeMs;
        toMs = std::max(samples.last().timeMs, fromMs + 1);
    } else if (toMs <= fromMs) {
        toMs = now();
        fromMs = toMs - spanMs(m_range);
    }

    // The usual spacing of the data also counts as its resolution: samples taken at a longer interval than
    // setSampleIntervalMs() says must not break the line at every point.
    qint64 usualSpacing = 0;
    if (samples.size() > 2) {
        QList<qint64> spacings;
        spacings.reserve(samples.size() - 1);
        for (qsizetype i = 1; i < samples.size(); ++i)
            spacings.append(samples.at(i).timeMs - samples.at(i - 1).timeMs);
        auto middle = spacings.begin() + spacings.size() / 2;
        std::nth_element(spacings.begin(), middle, spacings.end());
        usualSpacing = *middle;
    }

    QList<QList<QPointF>> memory, agentMemory, agents;
    double maxGb = 0;
    int maxAgents = 0;
    const HistorySample *previous = nullptr;
    for (const HistorySample &s : samples) {
        const qint64 resolution = std::max(
            {m_sampleIntervalMs, usualSpacing, s.resolutionMs, previous ? previous->resolutionMs : 0});
        if (!previous || s.timeMs - previous->timeMs > 3 * resolution) {
            memory.emplaceBack();
            agentMemory.emplaceBack();
            agents.emplaceBack();
        }
        const double x = double(s.timeMs);
        const double availableGb = double(s.memAvailableKb) / kKbPerGb;
        const double agentGb = double(s.agentRssKb) / kKbPerGb;
        memory.last().append({x, availableGb});
        agentMemory.last().append({x, agentGb});
        agents.last().append({x, double(s.agentCount)});
        maxGb = std::max({maxGb, availableGb, agentGb});
        maxAgents = std::max(maxAgents, s.agentCount);
        previous = &s;
    }
    fillLine(m_lines[int(Line::MemoryAvailable)], memory);
    fillLine(m_lines[int(Line::AgentMemory)], agentMemory);
    fillLine(m_lines[int(Line::Agents)], agents);

    // A reap sits on the memory-available line at its time (the sample nearest to it), where its effect
    // shows.
    QList<QPointF> reapPoints;
    m_shownReaps.clear();
    for (const ReapMarker &reap : reaps) {
        if (reap.timeMs < fromMs || reap.timeMs > toMs)
            continue;
        double y = 0;
        if (!samples.isEmpty()) {
            auto it = std::lower_bound(samples.cbegin(), samples.cend(), reap.timeMs,
                                       [](const HistorySample &s, qint64 t) { return s.timeMs < t; });
            if (it == samples.cend())
                --it;
            else if (it != samples.cbegin() && reap.timeMs - std::prev(it)->timeMs < it->timeMs - reap.timeMs)
                --it;
            y = double(it->memAvailableKb) / kKbPerGb;
        }
        reapPoints.append({double(reap.timeMs), y});
        m_shownReaps.append(reap);
    }
    m_reapSeries->replace(reapPoints);

    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
    setWholeRange(m_agentsAxis, maxAgents, setRoundRange(m_memoryAxis, maxGb, 5, 0.1));
    m_emptyLabel->setVisible(samples.isEmpty());
}

bool HistoryView::isEmptyStateVisible() const
{
    return !m_emptyLabel->isHidden();
}

QString HistoryView::reapToolTip(const ReapMarker &reap) const
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(reap.timeMs);
    const bool today = at.date() == QDateTime::fromMSecsSinceEpoch(now()).date();
    const QString time =
        QLocale().toString(at, today ? QStringLiteral("hh:mm") : QStringLiteral("ddd hh:mm"));

    QString who;
    if (reap.requestedBy == QLatin1String("periodic"))
        who = tr("periodic reaper");
    else if (reap.requestedBy == QLatin1String("person"))
        who = tr("reap by you");
    else if (reap.requestedBy == QLatin1String("api"))
        who = tr("reap through the API");
    else if (reap.requestedBy.startsWith(QLatin1String("policy:")))
        who = tr("policy %1").arg(reap.requestedBy.mid(7));
    else
        who = tr("reap by %1").arg(reap.requestedBy);
    QString head = tr("%1 %2").arg(time, who);
    if (!reap.session.isEmpty())
        head = tr("%1, session %2").arg(head, shortSessionId(reap.session));

    QStringList what;
    what << tr("%n killed", nullptr, reap.killed);
    if (reap.survived > 0)
        what << tr("%n survived", nullptr, reap.survived);
    if (reap.freedKb > 0)
        what << tr("%1 freed").arg(formatKb(reap.freedKb));
    return tr("%1: %2").arg(head, what.join(tr(", ")));
}

void HistoryView::showReapToolTip(const QPointF &point, bool state)
{
    if (!state || m_shownReaps.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    // The hovered point is one of the series' points: the marker nearest in time is its reap.
    qsizetype best = 0;
    for (qsizetype i = 1; i < m_shownReaps.size(); ++i) {
        if (std::abs(double(m_shownReaps.at(i).timeMs) - point.x()) <
            std::abs(double(m_shownReaps.at(best).timeMs) - point.x()))
            best = i;
    }
    QToolTip::showText(QCursor::pos(), reapToolTip(m_shownReaps.at(best)), m_chartView);
}

void HistoryView::updateTimeAxisFormat()
{
    const QString format = timeFormat(m_range);
    m_timeAxis->setFormat(format);
    // As many ticks as labels fit, each label with room for one more beside it.
    const QString sample = QLocale().toString(QDateTime(QDate(2000, 12, 27), QTime(23, 58)), format);
    const int labelRoom = std::max(1, fontMetrics().horizontalAdvance(sample) * 2);
    const int width = m_chartView ? m_chartView->width() : 0;
    const int ticks = std::clamp(width * 8 / 10 / labelRoom + 1, 2, m_range == Range::Week ? 8 : 7);
    m_timeAxis->setTickCount(ticks);
}

void HistoryView::applyPalette()
{
    const QPalette p = palette();
    m_chart->setBackgroundBrush(p.color(QPalette::Base));
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->legend()->setLabelColor(p.color(QPalette::Text));
    QColor grid = p.color(QPalette::Text);
    grid.setAlphaF(0.15f);
    const QList<QAbstractAxis *> axes = {m_timeAxis, m_memoryAxis, m_agentsAxis};
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsColor(p.color(QPalette::Text));
        axis->setTitleBrush(p.color(QPalette::Text));
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);
}

void HistoryView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateTimeAxisFormat();
    if (m_requestedPoints > 0 && std::abs(maxPoints() - m_requestedPoints) > m_requestedPoints / 4)
        m_resizeRefresh.start();
}

void HistoryView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    else if (event->type() == QEvent::FontChange)
        updateTimeAxisFormat();
}

} // namespace agentmon

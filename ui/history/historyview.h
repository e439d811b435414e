#pragma once

#include "historystore.h"
#include "reapmarkers.h"

#include <QColor>
#include <QList>
#include <QPointF>
#include <QTimer>
#include <QWidget>

#include <array>
#include <functional>

class QAbstractButton;
class QButtonGroup;
class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace agentmon {

// The History tab: memory available, agent memory and agent count over the last hour, day or week, with the
// reaps marked on the memory line. It queries nothing itself: it says which span it wants (dataWanted), the
// main window reads history.sqlite on its worker thread and hands the answer back with setData().
//
// Where agentmon was not running (consecutive samples more than 3x their resolution apart) a line breaks
// instead of ramping across the gap. A sample's resolution is the largest of its resolutionMs, the sampling
// interval and the median spacing of the data. Qt Charts 6.4 draws a QLineSeries as one path (no NaN
// breaks), so each line is a list of segment series sharing one pen, the first carrying the legend entry.
class HistoryView : public QWidget {
    Q_OBJECT
public:
    enum class Range { Hour, Day, Week };
    Q_ENUM(Range)
    enum class Line { MemoryAvailable, AgentMemory, Agents };
    Q_ENUM(Line)

    explicit HistoryView(QWidget *parent = nullptr);
    ~HistoryView() override;

    // Shows the range's button checked; when the range changes, asks for its data (dataWanted).
    void setRange(Range range);
    Range range() const { return m_range; }
    static qint64 spanMs(Range range);

    // Wall ms now; QDateTime::currentMSecsSinceEpoch() unless a test says otherwise.
    void setNowFunction(std::function<qint64()> now);
    // The sampling interval (settings), the spacing of samples taken one by one (resolutionMs 0): the least
    // resolution for the gap rule. Default 5 s (the daemon's).
    void setSampleIntervalMs(qint64 ms);
    qint64 sampleIntervalMs() const { return m_sampleIntervalMs; }

    // Fills the chart: samples oldest first (HistoryStore::samples()), reaps oldest first (reapMarkers());
    // fromMs..toMs is the time axis, the span dataWanted asked for. Reaps outside it are left out.
    void setData(const QList<HistorySample> &samples, const QList<ReapMarker> &reaps, qint64 fromMs,
                 qint64 toMs);

    // How many points a query should return: about the chart's width in pixels, bounded.
    int maxPoints() const;

    // For tests and the main window.
    QChart *chart() const { return m_chart; }
    QChartView *chartView() const { return m_chartView; }
    QAbstractButton *rangeButton(Range range) const;
    QDateTimeAxis *timeAxis() const { return m_timeAxis; }
    QValueAxis *memoryAxis() const { return m_memoryAxis; }
    QValueAxis *agentsAxis() const { return m_agentsAxis; }
    // The segment series of a line (at least one), and all their points in order.
    QList<QLineSeries *> segments(Line line) const;
    QList<QPointF> points(Line line) const;
    QScatterSeries *reapSeries() const { return m_reapSeries; }
    // The reaps shown, in the order of reapSeries()'s points.
    QList<ReapMarker> shownReaps() const { return m_shownReaps; }
    // "14:03 periodic reaper: 5 killed, 1.2 GB freed", the hover text of a reap's marker.
    QString reapToolTip(const ReapMarker &reap) const;
    bool isEmptyStateVisible() const;

public Q_SLOTS:
    // Asks for the current range's data again, up to now (dataWanted).
    void refresh();

Q_SIGNALS:
    void dataWanted(qint64 fromWallMs, qint64 toWallMs, int maxPoints);
    void rangeChanged(agentmon::HistoryView::Range range);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct LineSet {
        QString name;
        QColor color;
        QValueAxis *axis = nullptr;
        QList<QLineSeries *> segments;
    };

    qint64 now() const;
    QLineSeries *addSegment(LineSet &set);
    void fillLine(LineSet &set, const QList<QList<QPointF>> &runs);
    void showReapToolTip(const QPointF &point, bool state);
    void updateTimeAxisFormat();
    void applyPalette();

    Range m_range = Range::Hour;
    std::function<qint64()> m_now;
    qint64 m_sampleIntervalMs = 5000;
    int m_requestedPoints = 0; // maxPoints of the last dataWanted; 0 before the first
    QTimer m_resizeRefresh;

    QButtonGroup *m_rangeGroup = nullptr;
    QChart *m_chart = nullptr;
    QChartView *m_chartView = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_memoryAxis = nullptr;
    QValueAxis *m_agentsAxis = nullptr;
    std::array<LineSet, 3> m_lines;
    QScatterSeries *m_reapSeries = nullptr;
    QList<ReapMarker> m_shownReaps;
};

} // namespace agentmon

// HistoryView fed as the main window feeds it: samples recorded in a real SqliteHistoryStore and read back
// with samples(), reaps recorded in a real AuditLog on the same history.sqlite and turned into markers.
// Checks the series, the axes, the reap markers and their tooltips, the range buttons' requests (on an
// injected now), the empty state, the break at a gap in the data, and that the widget really draws on the
// offscreen platform.
#include "auditlog.h"
#include "historyview.h"
#include "humanformat.h"
#include "manualclock.h"
#include "reapmarkers.h"
#include "sqlitehistorystore.h"

#include <QAbstractButton>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QValueAxis>

#include <cmath>
#include <memory>

using namespace agentmon;
using namespace agentmon::test;

namespace {

constexpr qint64 kSecondMs = 1000;
constexpr qint64 kMinuteMs = 60 * kSecondMs;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr double kKbPerGb = 1024.0 * 1024.0;

HistorySample sampleAt(qint64 timeMs, int i)
{
    HistorySample s;
    s.timeMs = timeMs;
    s.memTotalKb = 32ULL * 1024 * 1024;
    s.memAvailableKb = 8ULL * 1024 * 1024 + quint64(i % 100) * 10 * 1024; // 8 GB and up to ~1 GB more
    s.agentRssKb = 1024ULL * 1024 + quint64(i % 50) * 20 * 1024;          // 1 GB and up to ~1 GB more
    s.agentPssKb = s.agentRssKb / 2;
    s.agentCount = 2 + i % 7;
    s.sessions = 1;
    return s;
}

AuditEntry auditRow(qint64 timeMs, const QString &reapId, const QString &outcome, quint64 freedKb = 0,
                    const QString &session = QStringLiteral("pid-4242-99887766"),
                    const QString &requestedBy = QStringLiteral("periodic"))
{
    AuditEntry e;
    e.timeMs = timeMs;
    e.session = session;
    e.key = {4300 + int(freedKb % 97), 12345};
    e.command = QStringLiteral("node mcp-server.js");
    e.cls = QStringLiteral("mcp");
    e.reason = QStringLiteral("orphan");
    e.signal = outcome == QLatin1String("killed") ? QStringLiteral("TERM") : QStringLiteral("none");
    e.outcome = outcome;
    e.rssFreedKb = freedKb;
    e.requestedBy = requestedBy;
    e.trigger = QStringLiteral("test");
    e.reapId = reapId;
    return e;
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

int visibleLegendMarkers(QChart *chart, const QString &name)
{
    int n = 0;
    const QList<QLegendMarker *> markers = chart->legend()->markers();
    for (const QLegendMarker *m : markers)
        n += m->isVisible() && m->label() == name ? 1 : 0;
    return n;
}

// Keeps a picture of the view for a person to look at, when the test run says where.
void saveGrab(const QImage &image, const QString &name)
{
    const QString dir = qEnvironmentVariable("AGENTMON_ARTIFACT_DIR");
    if (dir.isEmpty())
        return;
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(image.save(dir + QStringLiteral("/history-%1.png").arg(name)));
}

} // namespace

class tst_HistoryView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void rangeButtonsAskForTheirSpan();
    void seriesHoldTheStoredSamples();
    void reapMarkersSumReapsWithoutDryRunsOrEmptyReaps();
    void reapMarkersSitOnTheMemoryLineWithTheirToolTip();
    void emptyStateShowsOnlyWithoutSamples();
    void gapInTheDataBreaksTheLine();
    void gapRuleFollowsTheSamplingInterval();
    void rendersOnTheOffscreenPlatform();

private:
    // The view, shown at a size whose chart asks for more points than an hour of 10 s samples.
    void showView();
    // What the main window does for a dataWanted: samples() and reap markers of [from, to].
    void answer(qint64 from, qint64 to, int maxPoints);
    // One sample every stepMs in [from, to), recorded in one transaction.
    void recordSamples(qint64 from, qint64 to, qint64 stepMs);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<SqliteHistoryStore> m_store;
    std::unique_ptr<AuditLog> m_log;
    std::unique_ptr<HistoryView> m_view;
    QList<HistorySample> m_lastSamples;
};

void tst_HistoryView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // Midday local time, so that the last hour is today.
    const qint64 noon = QDateTime(QDate(2024, 5, 14), QTime(12, 0)).toMSecsSinceEpoch();
    m_clock = std::make_unique<ManualClock>(1'000'000, noon);
    const QString file = m_dir->filePath(QStringLiteral("history.sqlite"));
    m_store = std::make_unique<SqliteHistoryStore>(file, *m_clock);
    QVERIFY2(m_store->open(), qPrintable(m_store->errorString()));
    m_log = std::make_unique<AuditLog>(file, *m_clock);
    QVERIFY2(m_log->open(), qPrintable(m_log->errorString()));
    m_view = std::make_unique<HistoryView>();
    ManualClock *clock = m_clock.get();
    m_view->setNowFunction([clock] { return clock->wallMs(); });
}

void tst_HistoryView::cleanup()
{
    m_view.reset();
    m_log.reset();
    m_store.reset();
    m_clock.reset();
    m_dir.reset();
    m_lastSamples.clear();
}

void tst_HistoryView::showView()
{
    m_view->resize(1100, 650);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void tst_HistoryView::answer(qint64 from, qint64 to, int maxPoints)
{
    m_lastSamples = m_store->samples(from, to, maxPoints);
    QVERIFY2(m_store->errorString().isEmpty(), qPrintable(m_store->errorString()));
    m_view->setData(m_lastSamples, reapMarkers(m_log->entries(from, 0)), from, to);
}

void tst_HistoryView::recordSamples(qint64 from, qint64 to, qint64 stepMs)
{
    QList<HistorySample> samples;
    int i = 0;
    for (qint64 t = from; t < to; t += stepMs)
        samples.append(sampleAt(t, i++));
    QVERIFY2(m_store->record(samples), qPrintable(m_store->errorString()));
}

void tst_HistoryView::rangeButtonsAskForTheirSpan()
{
    showView();
    QSignalSpy wanted(m_view.get(), &HistoryView::dataWanted);
    const qint64 now = m_clock->wallMs();
    QCOMPARE(m_view->range(), HistoryView::Range::Hour);
    QVERIFY(m_view->rangeButton(HistoryView::Range::Hour)->isChecked());

    const struct {
        HistoryView::Range range;
        QString text;
        qint64 span;
    } ranges[] = {{HistoryView::Range::Day, QStringLiteral("Last day"), kDayMs},
                  {HistoryView::Range::Week, QStringLiteral("Last week"), 7 * kDayMs},
                  {HistoryView::Range::Hour, QStringLiteral("Last hour"), kHourMs}};
    for (const auto &r : ranges) {
        QAbstractButton *button = m_view->rangeButton(r.range);
        QVERIFY(button);
        QCOMPARE(button->text(), r.text);
        QVERIFY(!button->toolTip().isEmpty());
        QVERIFY(button->focusPolicy() & Qt::ClickFocus);
        wanted.clear();
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(wanted.count(), 1);
        QCOMPARE(wanted.at(0).at(0).toLongLong(), now - r.span);
        QCOMPARE(wanted.at(0).at(1).toLongLong(), now);
        const int maxPoints = wanted.at(0).at(2).toInt();
        QVERIFY2(maxPoints >= 200 && maxPoints <= 2000, qPrintable(QString::number(maxPoints)));
        QCOMPARE(m_view->range(), r.range);
        QVERIFY(button->isChecked());
        QCOMPARE(m_view->timeAxis()->format(),
                 r.range == HistoryView::Range::Week ? QStringLiteral("ddd hh:mm") : QStringLiteral("hh:mm"));
        // The range already shown asks for nothing.
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(wanted.count(), 1);
    }
    for (const auto &r : ranges)
        QCOMPARE(m_view->rangeButton(r.range)->isChecked(), r.range == HistoryView::Range::Hour);

    // From the keyboard, as a radio group: Tab reaches the checked button, the arrow keys pick another range.
    QAbstractButton *hour = m_view->rangeButton(HistoryView::Range::Hour);
    QAbstractButton *day = m_view->rangeButton(HistoryView::Range::Day);
    QVERIFY(hour->focusPolicy() & Qt::TabFocus);
    m_view->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
    hour->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY_WITH_TIMEOUT(hour->hasFocus(), 5000);
    wanted.clear();
    QTest::keyClick(hour, Qt::Key_Right);
    QCOMPARE(wanted.count(), 1);
    QCOMPARE(m_view->range(), HistoryView::Range::Day);
    QVERIFY(day->hasFocus());
    QVERIFY(day->isChecked());
    QVERIFY(day->focusPolicy() & Qt::TabFocus);

    // refresh() asks for the same span up to the new now.
    m_clock->advance(5 * kMinuteMs);
    wanted.clear();
    m_view->refresh();
    QCOMPARE(wanted.count(), 1);
    QCOMPARE(wanted.at(0).at(0).toLongLong(), now + 5 * kMinuteMs - kDayMs);
    QCOMPARE(wanted.at(0).at(1).toLongLong(), now + 5 * kMinuteMs);

    // setRange() from code moves the buttons too.
    wanted.clear();
    m_view->setRange(HistoryView::Range::Week);
    QCOMPARE(wanted.count(), 1);
    QVERIFY(m_view->rangeButton(HistoryView::Range::Week)->isChecked());
    QVERIFY(!day->isChecked());
}

void tst_HistoryView::seriesHoldTheStoredSamples()
{
    showView();
    const qint64 now = m_clock->wallMs();
    // 360 samples, one every 10 s, over the last hour.
    recordSamples(now - kHourMs + 5 * kSecondMs, now, 10 * kSecondMs);

    QSignalSpy wanted(m_view.get(), &HistoryView::dataWanted);
    m_view->refresh();
    QCOMPARE(wanted.count(), 1);
    const int maxPoints = wanted.at(0).at(2).toInt();
    QVERIFY2(maxPoints >= 360, qPrintable(QString::number(maxPoints))); // so that the store merges nothing
    answer(wanted.at(0).at(0).toLongLong(), wanted.at(0).at(1).toLongLong(), maxPoints);
    QCOMPARE(m_lastSamples.size(), 360);

    const QList<QPointF> memory = m_view->points(HistoryView::Line::MemoryAvailable);
    const QList<QPointF> agentMemory = m_view->points(HistoryView::Line::AgentMemory);
    const QList<QPointF> agents = m_view->points(HistoryView::Line::Agents);
    QCOMPARE(memory.size(), 360);
    QCOMPARE(agentMemory.size(), 360);
    QCOMPARE(agents.size(), 360);
    QCOMPARE(m_view->segments(HistoryView::Line::MemoryAvailable).size(), 1);
    double maxGb = 0;
    for (int i = 0; i < 360; ++i) {
        const HistorySample expected = sampleAt(now - kHourMs + 5 * kSecondMs + i * 10 * kSecondMs, i);
        QCOMPARE(qint64(memory.at(i).x()), expected.timeMs);
        QVERIFY(near(memory.at(i).y(), double(expected.memAvailableKb) / kKbPerGb));
        QVERIFY(near(agentMemory.at(i).y(), double(expected.agentRssKb) / kKbPerGb));
        QCOMPARE(agents.at(i).y(), double(expected.agentCount));
        maxGb = std::max(maxGb, memory.at(i).y());
    }
    // 8 GB + 990 MB at most: in GB, not KB or MB.
    QVERIFY(maxGb > 8.9 && maxGb < 9.0);

    QChart *chart = m_view->chart();
    QCOMPARE(chart->series().size(), 4); // three lines and the reaps, no extra segment
    QTRY_COMPARE_WITH_TIMEOUT(visibleLegendMarkers(chart, QStringLiteral("Memory available")), 1, 5000);
    QCOMPARE(visibleLegendMarkers(chart, QStringLiteral("Agent memory")), 1);
    QCOMPARE(visibleLegendMarkers(chart, QStringLiteral("Agents")), 1);
    QCOMPARE(visibleLegendMarkers(chart, QStringLiteral("Reaps")), 1);
    QVERIFY(m_view->segments(HistoryView::Line::MemoryAvailable)
                .first()
                ->attachedAxes()
                .contains(m_view->memoryAxis()));
    QVERIFY(
        m_view->segments(HistoryView::Line::Agents).first()->attachedAxes().contains(m_view->agentsAxis()));
    QVERIFY(m_view->chartView()->renderHints() & QPainter::Antialiasing);

    // Axes: the span asked for; memory from 0 to a round max above the data; whole agents.
    QCOMPARE(m_view->timeAxis()->min().toMSecsSinceEpoch(), now - kHourMs);
    QCOMPARE(m_view->timeAxis()->max().toMSecsSinceEpoch(), now);
    QCOMPARE(m_view->timeAxis()->format(), QStringLiteral("hh:mm"));
    QValueAxis *memoryAxis = m_view->memoryAxis();
    QCOMPARE(memoryAxis->min(), 0.0);
    QVERIFY(memoryAxis->max() >= maxGb);
    QVERIFY(memoryAxis->max() <= 2 * maxGb);
    const double memorySteps = memoryAxis->max() / memoryAxis->tickInterval();
    QVERIFY(near(memorySteps, std::round(memorySteps)));
    QValueAxis *agentsAxis = m_view->agentsAxis();
    QCOMPARE(agentsAxis->min(), 0.0);
    QVERIFY(agentsAxis->max() >= 8);
    QVERIFY(agentsAxis->tickInterval() >= 1);
    QCOMPARE(agentsAxis->tickInterval(), std::round(agentsAxis->tickInterval()));
    QCOMPARE(agentsAxis->labelFormat(), QStringLiteral("%.0f"));
    // Its labels sit on the memory axis's grid lines: as many steps.
    QCOMPARE(agentsAxis->max() / agentsAxis->tickInterval(), std::round(memorySteps));

    // A new answer replaces the points, it does not add to them.
    answer(now - 10 * kMinuteMs, now, maxPoints);
    QCOMPARE(m_view->points(HistoryView::Line::MemoryAvailable).size(), 60);
}

void tst_HistoryView::reapMarkersSumReapsWithoutDryRunsOrEmptyReaps()
{
    const qint64 now = m_clock->wallMs();
    const QString other = QStringLiteral("0b5e7c3a-2222-4333-8444-955566667777");
    QVERIFY(m_log->record({
        // A periodic pass over two sessions: 3 killed, 1 survived, 1 already gone.
        auditRow(now - 50 * kMinuteMs, QStringLiteral("pass"), QStringLiteral("killed"), 100 * 1024),
        auditRow(now - 50 * kMinuteMs, QStringLiteral("pass"), QStringLiteral("killed"), 200 * 1024),
        auditRow(now - 50 * kMinuteMs, QStringLiteral("pass"), QStringLiteral("killed"), 300 * 1024, other),
        auditRow(now - 50 * kMinuteMs, QStringLiteral("pass"), QStringLiteral("survived")),
        auditRow(now - 50 * kMinuteMs, QStringLiteral("pass"), QStringLiteral("already_gone")),
        // A dry run: leaves nothing on the machine.
        auditRow(now - 40 * kMinuteMs, QStringLiteral("dry"), QStringLiteral("planned"), 0, other,
                 QStringLiteral("person")),
        auditRow(now - 40 * kMinuteMs, QStringLiteral("dry"), QStringLiteral("planned"), 0, other,
                 QStringLiteral("person")),
        // A reap that found everything gone or protected.
        auditRow(now - 30 * kMinuteMs, QStringLiteral("empty"), QStringLiteral("skipped"), 0, other,
                 QStringLiteral("api")),
        auditRow(now - 30 * kMinuteMs, QStringLiteral("empty"), QStringLiteral("already_gone"), 0, other,
                 QStringLiteral("api")),
        // A person reaps one session; the skip found during the cascade has no session.
        auditRow(now - 20 * kMinuteMs, QStringLiteral("session"), QStringLiteral("killed"), 2 * 1024 * 1024,
                 other, QStringLiteral("person")),
        auditRow(now - 20 * kMinuteMs, QStringLiteral("session"), QStringLiteral("skipped"), 0, QString(),
                 QStringLiteral("person")),
    }));
    const QList<ReapMarker> markers = reapMarkers(m_log->entries(now - kHourMs, 0));
    QCOMPARE(markers.size(), 2);

    const ReapMarker &pass = markers.at(0); // oldest first
    QCOMPARE(pass.reapId, QStringLiteral("pass"));
    QCOMPARE(pass.timeMs, now - 50 * kMinuteMs);
    QCOMPARE(pass.requestedBy, QStringLiteral("periodic"));
    QCOMPARE(pass.killed, 3);
    QCOMPARE(pass.survived, 1);
    QCOMPARE(pass.freedKb, 600ULL * 1024);
    QCOMPARE(pass.session, QString()); // rows of two sessions

    const ReapMarker &session = markers.at(1);
    QCOMPARE(session.reapId, QStringLiteral("session"));
    QCOMPARE(session.requestedBy, QStringLiteral("person"));
    QCOMPARE(session.killed, 1);
    QCOMPARE(session.survived, 0);
    QCOMPARE(session.freedKb, 2ULL * 1024 * 1024);
    QCOMPARE(session.session, other);

    const QString passTime =
        QLocale().toString(QDateTime::fromMSecsSinceEpoch(pass.timeMs), QStringLiteral("hh:mm"));
    QCOMPARE(m_view->reapToolTip(pass),
             QStringLiteral("%1 periodic reaper: 3 killed, 1 survived, 600 MB freed").arg(passTime));
    const QString sessionTime =
        QLocale().toString(QDateTime::fromMSecsSinceEpoch(session.timeMs), QStringLiteral("hh:mm"));
    QCOMPARE(m_view->reapToolTip(session),
             QStringLiteral("%1 reap by you, session 0b5e7c3a: 1 killed, 2.0 GB freed").arg(sessionTime));
    // A reap of another day names its day.
    ReapMarker older = pass;
    older.timeMs = now - 3 * kDayMs;
    QVERIFY(m_view->reapToolTip(older).startsWith(
        QLocale().toString(QDateTime::fromMSecsSinceEpoch(older.timeMs), QStringLiteral("ddd hh:mm"))));
}

void tst_HistoryView::reapMarkersSitOnTheMemoryLineWithTheirToolTip()
{
    showView();
    const qint64 now = m_clock->wallMs();
    recordSamples(now - kHourMs + 5 * kSecondMs, now, 10 * kSecondMs);
    const qint64 reapTimes[] = {now - 45 * kMinuteMs - 2 * kSecondMs, now - 30 * kMinuteMs + 2 * kSecondMs,
                                now - 3 * kMinuteMs + 1 * kSecondMs};
    int n = 0;
    for (const qint64 t : reapTimes) {
        const QString id = QStringLiteral("reap-%1").arg(n++);
        QVERIFY(m_log->record({auditRow(t, id, QStringLiteral("killed"), 1024 * 1024 + n),
                               auditRow(t, id, QStringLiteral("killed"), 512 * 1024)}));
    }
    // A dry run and a reap from before the range: not marked.
    QVERIFY(
        m_log->record({auditRow(now - 20 * kMinuteMs, QStringLiteral("dry"), QStringLiteral("planned"))}));
    QVERIFY(m_log->record({auditRow(now - 2 * kHourMs, QStringLiteral("old"), QStringLiteral("killed"), 1)}));

    answer(now - kHourMs, now, m_view->maxPoints());
    QScatterSeries *reaps = m_view->reapSeries();
    QCOMPARE(reaps->count(), 3);
    QCOMPARE(m_view->shownReaps().size(), 3);
    QVERIFY(reaps->attachedAxes().contains(m_view->memoryAxis()));
    for (int i = 0; i < 3; ++i) {
        const QPointF p = reaps->at(i);
        QCOMPARE(qint64(p.x()), reapTimes[i]);
        QCOMPARE(m_view->shownReaps().at(i).killed, 2);
        // On the memory-available line: the value of the sample nearest in time.
        const HistorySample *nearest = nullptr;
        for (const HistorySample &s : std::as_const(m_lastSamples)) {
            if (!nearest || std::abs(s.timeMs - reapTimes[i]) < std::abs(nearest->timeMs - reapTimes[i]))
                nearest = &s;
        }
        QVERIFY(nearest);
        QVERIFY(near(p.y(), double(nearest->memAvailableKb) / kKbPerGb));
    }

    // Hovering a marker shows what its reap did.
    Q_EMIT reaps->hovered(reaps->at(1), true);
    QTRY_VERIFY_WITH_TIMEOUT(QToolTip::isVisible(), 5000);
    QCOMPARE(QToolTip::text(), m_view->reapToolTip(m_view->shownReaps().at(1)));
    QVERIFY2(QToolTip::text().contains(
                 QStringLiteral("periodic reaper, session pid-4242: 2 killed, 1.5 GB freed")),
             qPrintable(QToolTip::text()));
    Q_EMIT reaps->hovered(reaps->at(1), false);
    QTRY_VERIFY_WITH_TIMEOUT(!QToolTip::isVisible(), 5000);
}

void tst_HistoryView::emptyStateShowsOnlyWithoutSamples()
{
    showView();
    const qint64 now = m_clock->wallMs();
    QLabel *label = m_view->findChild<QLabel *>(QStringLiteral("emptyHistoryLabel"));
    QVERIFY(label);
    QCOMPARE(label->text(),
             QStringLiteral("No history yet: agentmon records a sample every few seconds while it runs."));

    answer(now - kHourMs, now, m_view->maxPoints()); // nothing recorded yet
    QVERIFY(m_view->isEmptyStateVisible());
    QVERIFY(label->isVisible());
    QCOMPARE(m_view->points(HistoryView::Line::MemoryAvailable).size(), 0);

    recordSamples(now - 10 * kMinuteMs, now, 5 * kSecondMs);
    answer(now - kHourMs, now, m_view->maxPoints());
    QVERIFY(!m_view->isEmptyStateVisible());
    QVERIFY(!label->isVisible());
    QCOMPARE(m_view->points(HistoryView::Line::MemoryAvailable).size(), 120);

    answer(now - 2 * kDayMs, now - kDayMs, m_view->maxPoints()); // a span with no data
    QVERIFY(m_view->isEmptyStateVisible());
}

void tst_HistoryView::gapInTheDataBreaksTheLine()
{
    showView();
    const qint64 now = m_clock->wallMs();
    // Five hours ago to three hours ago, then agentmon was not running for an hour, then two hours up to now.
    const qint64 gapStart = now - 3 * kHourMs;
    const qint64 gapEnd = now - 2 * kHourMs;
    recordSamples(now - 5 * kHourMs, gapStart, 5 * kSecondMs);
    recordSamples(gapEnd, now, 5 * kSecondMs);

    QSignalSpy wanted(m_view.get(), &HistoryView::dataWanted);
    m_view->setRange(HistoryView::Range::Day);
    QCOMPARE(wanted.count(), 1);
    answer(wanted.at(0).at(0).toLongLong(), wanted.at(0).at(1).toLongLong(), wanted.at(0).at(2).toInt());
    // The store merged the day into buckets: fewer points than samples, each standing for a bucket.
    QVERIFY(m_lastSamples.size() < 4 * 720);
    QVERIFY(m_lastSamples.first().resolutionMs > 0);

    for (const HistoryView::Line line :
         {HistoryView::Line::MemoryAvailable, HistoryView::Line::AgentMemory, HistoryView::Line::Agents}) {
        const QList<QLineSeries *> segments = m_view->segments(line);
        QCOMPARE(segments.size(), 2);
        // No segment has two consecutive points across the gap: no ramp.
        for (const QLineSeries *segment : segments) {
            const QList<QPointF> points = segment->points();
            QVERIFY(!points.isEmpty());
            for (qsizetype i = 1; i < points.size(); ++i)
                QVERIFY2(
                    points.at(i).x() - points.at(i - 1).x() < 30 * kMinuteMs,
                    qPrintable(QStringLiteral("%1 -> %2").arg(points.at(i - 1).x()).arg(points.at(i).x())));
        }
        QVERIFY(segments.at(0)->points().last().x() < gapStart);
        QVERIFY(segments.at(1)->points().first().x() >= gapEnd - 10 * kMinuteMs);
        QCOMPARE(m_view->points(line).size(), m_lastSamples.size());
        // The segments look like one line: one pen, one legend entry.
        QCOMPARE(segments.at(1)->pen(), segments.at(0)->pen());
        QCOMPARE(segments.at(1)->name(), segments.at(0)->name());
        // (The legend shows its markers again once it has laid out the new ones.)
        QTRY_COMPARE_WITH_TIMEOUT(visibleLegendMarkers(m_view->chart(), segments.at(0)->name()), 1, 5000);
    }
    QCOMPARE(m_view->chart()->series().size(), 3 * 2 + 1);
    saveGrab(m_view->grab().toImage(), QStringLiteral("day-gap"));

    // Data without the gap: one segment per line again, the extra series gone.
    answer(gapEnd, now, m_view->maxPoints());
    QCOMPARE(m_view->segments(HistoryView::Line::MemoryAvailable).size(), 1);
    QCOMPARE(m_view->chart()->series().size(), 4);
}

void tst_HistoryView::gapRuleFollowsTheSamplingInterval()
{
    showView();
    const qint64 now = m_clock->wallMs();
    // Sampled every 30 s (a slower setting than the view was told: 5 s), then, after a pause of 170 s,
    // every 20 s.
    recordSamples(now - kHourMs, now - 20 * kMinuteMs, 30 * kSecondMs);
    const qint64 resumed = now - 20 * kMinuteMs - 30 * kSecondMs + 170 * kSecondMs;
    recordSamples(resumed, now, 20 * kSecondMs);
    answer(now - kHourMs, now, m_view->maxPoints());
    QCOMPARE(m_lastSamples.size(), 80 + 53);
    QCOMPARE(m_view->points(HistoryView::Line::MemoryAvailable).size(), m_lastSamples.size());
    // The usual spacing (the median, 30 s) is no gap; 170 s is more than 3x that: a gap.
    QCOMPARE(m_view->segments(HistoryView::Line::MemoryAvailable).size(), 2);
    QCOMPARE(qint64(m_view->segments(HistoryView::Line::MemoryAvailable).at(1)->at(0).x()), resumed);

    // Told that samples come every minute, 170 s is less than 3 sampling intervals: no gap.
    m_view->setSampleIntervalMs(60 * kSecondMs);
    answer(now - kHourMs, now, m_view->maxPoints());
    QCOMPARE(m_view->segments(HistoryView::Line::MemoryAvailable).size(), 1);
    QCOMPARE(m_view->points(HistoryView::Line::MemoryAvailable).size(), m_lastSamples.size());
}

void tst_HistoryView::rendersOnTheOffscreenPlatform()
{
    showView();
    const qint64 now = m_clock->wallMs();
    answer(now - kHourMs, now, m_view->maxPoints()); // nothing recorded yet
    QVERIFY(m_view->isEmptyStateVisible());
    QCoreApplication::processEvents();
    const QImage empty = m_view->grab().toImage();
    saveGrab(empty, QStringLiteral("empty"));

    // An hour with ten minutes without agentmon and two reaps.
    recordSamples(now - kHourMs, now - 35 * kMinuteMs, 10 * kSecondMs);
    recordSamples(now - 25 * kMinuteMs, now, 10 * kSecondMs);
    QVERIFY(m_log->record(
        {auditRow(now - 50 * kMinuteMs, QStringLiteral("a"), QStringLiteral("killed"), 900 * 1024),
         auditRow(now - 10 * kMinuteMs, QStringLiteral("b"), QStringLiteral("killed"), 300 * 1024)}));
    answer(now - kHourMs, now, m_view->maxPoints());
    QCOMPARE(m_view->segments(HistoryView::Line::MemoryAvailable).size(), 2);
    QCOMPARE(m_view->reapSeries()->count(), 2);
    QCoreApplication::processEvents();

    const QImage image = m_view->grab().toImage();
    saveGrab(image, QStringLiteral("hour"));
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 0 && image.height() > 0);
    QVERIFY(image != empty);
    // Not blank: many colours, and pixels of the memory line's and the reap markers' colours among them.
    auto pixelsLike = [&image](const QColor &colour) {
        int n = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                n += std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) +
                                 std::abs(c.blue() - colour.blue()) <
                             30
                         ? 1
                         : 0;
            }
        }
        return n;
    };
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    const int linePixels =
        pixelsLike(m_view->segments(HistoryView::Line::MemoryAvailable).first()->pen().color());
    QVERIFY2(linePixels > 100, qPrintable(QString::number(linePixels)));
    const int reapPixels = pixelsLike(m_view->reapSeries()->color());
    QVERIFY2(reapPixels > 10, qPrintable(QString::number(reapPixels)));
}

QTEST_MAIN(tst_HistoryView)
#include "tst_historyview.moc"

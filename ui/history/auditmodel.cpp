#include "auditmodel.h"

#include "coretext.h"
#include "humanformat.h"

#include <QColor>
#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>
#include <QTextDocument>

namespace agentmon {

namespace {

// Readable on light and dark backgrounds alike.
const QColor kWarningColor(0xd0, 0x70, 0x00);

QString localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"));
}

// A command line may hold anything, "<b>" included: never let a tooltip take it for rich text.
QString plainToolTip(const QString &text)
{
    if (!Qt::mightBeRichText(text))
        return text;
    return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(text.toHtmlEscaped());
}

QString oneLine(QString text)
{
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    text.replace(QLatin1Char('\t'), QLatin1Char(' '));
    return text;
}

} // namespace

AuditModel::AuditModel(QObject *parent) : QAbstractTableModel(parent) {}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

AuditEntry AuditModel::entryAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row) : AuditEntry();
}

QString AuditModel::outcomeText(const QString &outcome)
{
    if (outcome == QLatin1String("killed"))
        return tr("killed");
    if (outcome == QLatin1String("survived"))
        return tr("survived");
    if (outcome == QLatin1String("already_gone"))
        return tr("already gone");
    if (outcome == QLatin1String("skipped"))
        return tr("skipped");
    if (outcome == QLatin1String("planned"))
        return tr("planned (dry run)");
    return outcome;
}

QString AuditModel::requestedByText(const QString &requestedBy)
{
    if (requestedBy == QLatin1String("person"))
        return tr("you");
    if (requestedBy == QLatin1String("api"))
        return tr("API");
    if (requestedBy == QLatin1String("periodic"))
        return tr("periodic reaper");
    if (requestedBy.startsWith(QLatin1String("policy:")))
        return tr("policy: %1").arg(requestedBy.mid(7));
    return requestedBy;
}

QString AuditModel::signalText(const QString &signal)
{
    if (signal == QLatin1String("TERM"))
        return QStringLiteral("SIGTERM");
    if (signal == QLatin1String("KILL"))
        return QStringLiteral("SIGKILL");
    if (signal == QLatin1String("none") || signal.isEmpty())
        return tr("none");
    return signal;
}

QVariant AuditModel::display(const AuditEntry &e, int column) const
{
    switch (column) {
    case TimeColumn:
        return localTime(e.timeMs);
    case SessionColumn:
        return shortSessionId(e.session);
    case PidColumn:
        return e.key.pid;
    case CommandColumn:
        return oneLine(e.command);
    case ClassColumn:
        return e.cls;
    case ReasonColumn:
        return oneLine(translateCoreText(e.reason));
    case SignalColumn:
        return signalText(e.signal);
    case OutcomeColumn:
        return outcomeText(e.outcome);
    case FreedColumn:
        return e.rssFreedKb > 0 ? formatKb(e.rssFreedKb) : QString();
    case RequestedByColumn:
        return requestedByText(e.requestedBy);
    case TriggerColumn:
        return oneLine(e.trigger);
    }
    return {};
}

QVariant AuditModel::sortValue(const AuditEntry &e, int column) const
{
    switch (column) {
    case TimeColumn:
        return e.timeMs;
    case SessionColumn:
        return e.session;
    case PidColumn:
        return e.key.pid;
    case CommandColumn:
        return e.command;
    case ClassColumn:
        return e.cls;
    case ReasonColumn:
        return translateCoreText(e.reason);
    case SignalColumn:
        return e.signal;
    case OutcomeColumn:
        return e.outcome;
    case FreedColumn:
        return QVariant::fromValue<qulonglong>(e.rssFreedKb);
    case RequestedByColumn:
        return e.requestedBy;
    case TriggerColumn:
        return e.trigger;
    }
    return {};
}

QVariant AuditModel::toolTip(const AuditEntry &e, int column) const
{
    switch (column) {
    case TimeColumn: {
        const QString when =
            QLocale().toString(QDateTime::fromMSecsSinceEpoch(e.timeMs), QLocale::LongFormat);
        return e.reapId.isEmpty() ? when : tr("%1\nReap %2").arg(when, e.reapId);
    }
    case SessionColumn:
        return plainToolTip(e.session);
    case PidColumn:
        return tr("PID %1, start time %2").arg(e.key.pid).arg(e.key.starttime);
    case CommandColumn:
        return plainToolTip(e.command);
    case ReasonColumn:
        return plainToolTip(translateCoreText(e.reason));
    case FreedColumn:
        return e.rssFreedKb > 0 ? tr("%1 KB resident memory freed").arg(e.rssFreedKb) : QVariant();
    case RequestedByColumn:
        return plainToolTip(e.requestedBy);
    case TriggerColumn:
        return plainToolTip(e.trigger);
    }
    return {};
}

QVariant AuditModel::foreground(const AuditEntry &e) const
{
    if (e.outcome == QLatin1String("survived"))
        return kWarningColor;
    const QPalette palette = QGuiApplication::palette();
    if (e.outcome == QLatin1String("already_gone") || e.outcome == QLatin1String("skipped"))
        return palette.color(QPalette::PlaceholderText);
    if (e.outcome == QLatin1String("planned"))
        return palette.color(QPalette::Link);
    return {};
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &e = m_entries.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(e, column);
    case SortRole:
        return sortValue(e, column);
    case ReapIdRole:
        return e.reapId;
    case Qt::ToolTipRole:
        return toolTip(e, column);
    case Qt::ForegroundRole:
        return foreground(e);
    case Qt::TextAlignmentRole:
        if (column == PidColumn || column == FreedColumn)
            return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case TimeColumn:
            return tr("Time");
        case SessionColumn:
            return tr("Session");
        case PidColumn:
            return tr("PID");
        case CommandColumn:
            return tr("Command");
        case ClassColumn:
            return tr("Class");
        case ReasonColumn:
            return tr("Reason");
        case SignalColumn:
            return tr("Signal");
        case OutcomeColumn:
            return tr("Outcome");
        case FreedColumn:
            return tr("Freed");
        case RequestedByColumn:
            return tr("Requested by");
        case TriggerColumn:
            return tr("Trigger");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case TimeColumn:
            return tr("When the process was signalled (local time)");
        case SessionColumn:
            return tr("The agent session the process belonged to");
        case PidColumn:
            return tr("Process ID");
        case CommandColumn:
            return tr("The process's command line");
        case ClassColumn:
            return tr("What agentmon took the process for (session, agent, MCP server, tool...)");
        case ReasonColumn:
            return tr("Why the process was chosen");
        case SignalColumn:
            return tr("The last signal sent: SIGTERM, or SIGKILL after the grace period");
        case OutcomeColumn:
            return tr("What happened: killed, survived (still alive after SIGKILL), already gone, skipped, "
                      "or planned by a dry run");
        case FreedColumn:
            return tr("Resident memory freed by the process's death");
        case RequestedByColumn:
            return tr("Who asked for the reap: you, the API, the periodic reaper or a policy");
        case TriggerColumn:
            return tr("What triggered the reap (route, condition...)");
        }
    } else if (role == Qt::TextAlignmentRole) {
        if (section == PidColumn || section == FreedColumn)
            return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

void AuditModel::setEntries(const QList<AuditEntry> &entries)
{
    const qsizetype oldCount = m_entries.size();
    const qsizetype newCount = entries.size();

    // added: how many rows of entries are new on top of the ones shown; -1 when entries are not the shown
    // rows with newer ones on top (rows changed, or older rows appeared below): then the model resets.
    qsizetype added = -1;
    if (oldCount == 0) {
        added = newCount;
    } else if (newCount == 0) {
        added = 0;
    } else {
        for (qsizetype k = 0; k < newCount && added < 0; ++k) {
            const qsizetype kept = newCount - k;
            if (kept > oldCount || !(entries.at(k) == m_entries.first()))
                continue;
            bool same = true;
            for (qsizetype i = 1; i < kept && same; ++i)
                same = entries.at(k + i) == m_entries.at(i);
            if (same)
                added = k;
        }
    }

    if (added < 0) {
        beginResetModel();
        m_entries = entries;
        endResetModel();
        return;
    }
    const qsizetype kept = newCount - added;
    if (kept < oldCount) {
        beginRemoveRows(QModelIndex(), int(kept), int(oldCount - 1));
        m_entries.resize(kept);
        endRemoveRows();
    }
    if (added > 0) {
        beginInsertRows(QModelIndex(), 0, int(added - 1));
        m_entries = entries;
        endInsertRows();
    } else {
        m_entries = entries; // the same rows; shares the caller's list
    }
}

} // namespace agentmon

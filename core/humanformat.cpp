#include "humanformat.h"

namespace agentmon {

QString formatDuration(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    const qint64 min = s / 60;
    if (min < 60)
        return QStringLiteral("%1 min").arg(min);
    const qint64 h = min / 60;
    if (h < 24)
        return min % 60 ? QStringLiteral("%1 h %2 min").arg(h).arg(min % 60) : QStringLiteral("%1 h").arg(h);
    const qint64 d = h / 24;
    return h % 24 ? QStringLiteral("%1 d %2 h").arg(d).arg(h % 24) : QStringLiteral("%1 d").arg(d);
}

QString formatKb(quint64 kb)
{
    if (kb < 1024)
        return QStringLiteral("%1 KB").arg(kb);
    const double mb = double(kb) / 1024.0;
    if (mb < 1024)
        return QStringLiteral("%1 MB").arg(mb < 10 ? QString::number(mb, 'f', 1)
                                                   : QString::number(qRound64(mb)));
    const double gb = mb / 1024.0;
    return QStringLiteral("%1 GB").arg(QString::number(gb, 'f', gb < 100 ? 1 : 0));
}

QString shortSessionId(const QString &id)
{
    if (id.startsWith(QLatin1String("pid-"))) {
        const qsizetype dash = id.indexOf(QLatin1Char('-'), 4);
        return dash > 0 ? id.left(dash) : id;
    }
    return id.size() > 12 ? id.left(8) : id;
}

} // namespace agentmon

#include "autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSaveFile>
#include <QStandardPaths>

namespace agentmon {

namespace {

// Characters that force an argument of Exec into double quotes (Desktop Entry spec, "The Exec key").
bool needsQuotes(const QString &arg)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    if (arg.isEmpty())
        return true;
    for (const QChar c : arg) {
        if (reserved.contains(c))
            return true;
    }
    return false;
}

// The spec's general escapes for values of type string, applied on top of the Exec quoting.
QString escapeString(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        default:
            out += c;
        }
    }
    return out;
}

// Key=value pairs of the [Desktop Entry] group; later duplicates win, like most readers.
QHash<QString, QString> readDesktopEntry(const QString &path)
{
    QHash<QString, QString> keys;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return keys;
    bool inGroup = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            inGroup = line == QLatin1String("[Desktop Entry]");
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (inGroup && eq > 0)
            keys.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
    }
    return keys;
}

bool isTrue(const QString &value)
{
    return value == QLatin1String("true") || value == QLatin1String("1");
}

} // namespace

QString Autostart::filePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/autostart/agentmon.desktop");
}

bool Autostart::isEnabled()
{
    const QString path = filePath();
    if (!QFileInfo::exists(path))
        return false;
    const QHash<QString, QString> keys = readDesktopEntry(path);
    if (isTrue(keys.value(QStringLiteral("Hidden"))))
        return false;
    const QString gnome = keys.value(QStringLiteral("X-GNOME-Autostart-enabled"));
    return gnome.isEmpty() || isTrue(gnome);
}

QString Autostart::execLine(const QStringList &argv)
{
    QStringList parts;
    for (QString arg : argv) {
        // '%' starts a field code; a literal one is doubled, inside quotes too.
        arg.replace(QLatin1Char('%'), QLatin1String("%%"));
        if (needsQuotes(arg)) {
            QString quoted;
            for (const QChar c : arg) {
                if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') ||
                    c == QLatin1Char('\\'))
                    quoted += QLatin1Char('\\');
                quoted += c;
            }
            arg = QLatin1Char('"') + quoted + QLatin1Char('"');
        }
        parts.append(arg);
    }
    return escapeString(parts.join(QLatin1Char(' ')));
}

QByteArray Autostart::desktopEntry(const QString &executable)
{
    QString text;
    text += QLatin1String("[Desktop Entry]\n");
    text += QLatin1String("Type=Application\n");
    text += QLatin1String("Name=") + QStringLiteral("agentmon") + QLatin1Char('\n');
    text += QLatin1String("Comment=") +
            escapeString(tr("Watch AI coding agents and clean up what they leave behind")) +
            QLatin1Char('\n');
    text +=
        QLatin1String("Exec=") + execLine({executable, QStringLiteral("--minimized")}) + QLatin1Char('\n');
    text += QLatin1String("Icon=agentmon\n");
    text += QLatin1String("Terminal=false\n");
    text += QLatin1String("X-GNOME-Autostart-enabled=true\n");
    text += QLatin1String("Categories=System;Monitor;\n");
    return text.toUtf8();
}

bool Autostart::setEnabled(bool on, const QString &executable, QString *error)
{
    const QString path = filePath();
    if (!on) {
        if (!QFileInfo::exists(path) || QFile::remove(path))
            return true;
        if (error)
            *error = tr("Could not remove %1").arg(path);
        return false;
    }
    if (executable.isEmpty()) {
        if (error)
            *error = tr("No program to start");
        return false;
    }
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = tr("Could not create the folder %1").arg(dir);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    // flush() first: Qt 6.4's commit() does not notice a flush that fails on a full disk (QTBUG-75077).
    const QByteArray entry = desktopEntry(executable);
    if (file.write(entry) != entry.size() || !file.flush() || !file.commit()) {
        if (error)
            *error = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace agentmon

#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace agentmon {

// The XDG autostart entry of the desktop app: <GenericConfigLocation>/autostart/agentmon.desktop, which
// starts "agentmon --minimized" with the session. Only the user's own entry is managed; a file present with
// Hidden=true (the spec's way to turn an entry off) or X-GNOME-Autostart-enabled=false counts as off.
class Autostart {
    Q_DECLARE_TR_FUNCTIONS(agentmon::Autostart)

public:
    static QString filePath();
    static bool isEnabled();
    // Writes the entry atomically (on) or removes it (off). On failure returns false with a reason in error.
    static bool setEnabled(bool on, const QString &executable, QString *error);

    // The entry written for executable, as bytes (UTF-8).
    static QByteArray desktopEntry(const QString &executable);
    // An Exec line from argv, quoted and escaped as the Desktop Entry spec asks ("Exec key").
    static QString execLine(const QStringList &argv);
};

} // namespace agentmon

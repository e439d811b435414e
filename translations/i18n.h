#pragma once

#include <QLocale>

class QCoreApplication;
class QTranslator;

namespace agentmon {

// Installs agentmon's own translation (:/i18n/agentmon_<lang>.qm, embedded in every binary) and Qt's qtbase
// translation (from QLibraryInfo::TranslationsPath, when present) for the given locale, QLocale::system() by
// default: LANGUAGE, LC_ALL, LC_MESSAGES and LANG pick it as usual. The translators are children of app and
// go with it. English, the source language, needs no translator. Returns whether agentmon's own translation
// loaded.
bool installTranslations(QCoreApplication &app, const QLocale &locale = QLocale::system());

// The directory of the embedded .qm files.
inline constexpr char16_t translationsResourceDir[] = u":/i18n";

} // namespace agentmon

// Every translations/*.ts is complete and consistent, and the embedded German .qm loads.
#include "i18n.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

struct Message {
    QString context;
    QString source;
    bool numerus = false;
    QString type;      // of <translation>: unfinished, vanished, obsolete or empty
    QStringList forms; // the translation, or every <numerusform>
};

QList<Message> readTs(const QString &path, QString *error)
{
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = Message{context,
                              {},
                              xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes"),
                              {},
                              {}};
        } else if (name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            if (!current.numerus) {
                current.forms.append(xml.readElementText());
                messages.append(current);
            }
        } else if (name == QLatin1String("numerusform")) {
            current.forms.append(xml.readElementText());
        }
        if (xml.isEndElement() && xml.name() == QLatin1String("translation") && current.numerus)
            messages.append(current);
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(?:[1-9]|n)"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.append(it.next().captured());
    found.sort();
    found.removeDuplicates();
    return found;
}

// A mnemonic: an & not followed by another & (&& is a literal ampersand) and followed by a letter.
bool hasMnemonic(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("(?<!&)&(?!&)\\w"),
                                       QRegularExpression::UseUnicodePropertiesOption); // &Über
    return re.match(text).hasMatch();
}

} // namespace

class tst_Translations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tsFilesAreComplete_data();
    void tsFilesAreComplete();
    void embeddedGermanLoads();
};

void tst_Translations::tsFilesAreComplete_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(AGENTMON_TRANSLATIONS_DIR));
    const QStringList files = dir.entryList({QStringLiteral("*.ts")}, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), qPrintable(dir.path()));
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void tst_Translations::tsFilesAreComplete()
{
    QFETCH(QString, path);
    QString error;
    const QList<Message> messages = readTs(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!messages.isEmpty());
    QStringList problems;
    for (const Message &m : messages) {
        const QString where = m.context + QLatin1String(": \"") + m.source + QLatin1Char('"');
        if (!m.type.isEmpty())
            problems.append(m.type + QLatin1String(": ") + where);
        if (m.forms.isEmpty() ||
            std::any_of(m.forms.cbegin(), m.forms.cend(), [](const QString &f) { return f.isEmpty(); }))
            problems.append(QLatin1String("empty translation: ") + where);
        if (m.numerus && !m.source.contains(QLatin1String("%n")))
            problems.append(QLatin1String("numerus message without %n: ") + where);
        for (const QString &form : m.forms) {
            QStringList expected = placeholders(m.source);
            // A singular form may spell the number out ("1 Prozess"), but must keep every other placeholder.
            QStringList got = placeholders(form);
            if (m.numerus && !got.contains(QLatin1String("%n")))
                expected.removeAll(QLatin1String("%n"));
            if (expected != got)
                problems.append(QLatin1String("placeholders differ in \"") + form + QLatin1String("\": ") +
                                where);
            if (hasMnemonic(m.source) && !hasMnemonic(form))
                problems.append(QLatin1String("mnemonic missing in \"") + form + QLatin1String("\": ") +
                                where);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void tst_Translations::embeddedGermanLoads()
{
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::German, QLocale::Germany), QStringLiteral("agentmon"),
                            QStringLiteral("_"), QString::fromUtf16(agentmon::translationsResourceDir)));
    QCOMPARE(translator.translate("agentmonctl", "instance: running"), QStringLiteral("Instanz: läuft"));
    QCOMPARE(translator.translate("agentmon::MainWindow", "&File"), QStringLiteral("&Datei"));
    // The plural form for 3; %n is filled in by QCoreApplication::translate(), not by the translator.
    QCOMPARE(translator.translate("agentmon::TrayNotification", "%n processes, %1", nullptr, 3),
             QStringLiteral("%n Prozesse, %1"));
}

QTEST_GUILESS_MAIN(tst_Translations)
#include "tst_translations.moc"

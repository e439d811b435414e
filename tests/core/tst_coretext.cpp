// The catalogue of the core's sentences: every template is recognised in a sentence made from it, translated
// with its arguments (German and French, the real embedded translations), and English stays as it is.
#include "coretext.h"
#include "i18n.h"
#include "processinfo.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTranslator>

using namespace agentmon;

namespace {

int placeholderCount(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%([1-9])"));
    int highest = 0;
    for (auto it = re.globalMatch(text); it.hasNext();)
        highest = qMax(highest, it.next().captured(1).toInt());
    return highest;
}

// Arguments that no template explains, so that the sentence is the template's alone.
QStringList sampleArgs(int count)
{
    QStringList args;
    for (int i = 1; i <= count; ++i)
        args << QStringLiteral("«arg%1»").arg(i);
    return args;
}

QString fill(const QString &templ, const QStringList &args)
{
    QString out = templ;
    for (qsizetype i = 0; i < args.size(); ++i)
        out.replace(QStringLiteral("%%1").arg(i + 1), args.at(i));
    return out;
}

} // namespace

class tst_CoreText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup();

    void catalogueIsConsistent();
    void englishIsLeftAlone();
    void everyTemplateIsRecognised_data();
    void everyTemplateIsRecognised();
    void argumentsAreTranslatedToo();
    void unknownTextIsUnchanged();
    void hostileTextDoesNoHarm();
    void switchingLanguageDropsTheCache();

private:
    void install(QLocale::Language language);
    std::unique_ptr<QTranslator> m_translator;
};

void tst_CoreText::install(QLocale::Language language)
{
    cleanup();
    m_translator = std::make_unique<QTranslator>();
    QVERIFY(m_translator->load(QLocale(language), QStringLiteral("agentmon"), QStringLiteral("_"),
                               QString::fromUtf16(translationsResourceDir)));
    QVERIFY(QCoreApplication::installTranslator(m_translator.get()));
}

void tst_CoreText::cleanup()
{
    if (m_translator)
        QCoreApplication::removeTranslator(m_translator.get());
    m_translator.reset();
}

void tst_CoreText::catalogueIsConsistent()
{
    QSet<QString> seen;
    for (int i = 0; i < int(CoreText::Count); ++i) {
        const QString text = coreText(CoreText(i));
        QVERIFY2(!text.isEmpty(), qPrintable(QString::number(i)));
        QVERIFY2(!seen.contains(text), qPrintable(text));
        seen.insert(text);
        // %1..%n without a gap, so that every argument has a place.
        const int n = placeholderCount(text);
        for (int a = 1; a <= n; ++a)
            QVERIFY2(text.contains(QStringLiteral("%%1").arg(a)), qPrintable(text));
    }
    QCOMPARE(coreTextSource(CoreText::Count), "");
    // Class names go into reasons as arguments ("agent started by 7 (bash)"): the catalogue knows them.
    for (ProcessClass cls : {ProcessClass::Session, ProcessClass::Agent, ProcessClass::Mcp,
                             ProcessClass::Tool, ProcessClass::Daemon, ProcessClass::Child})
        QVERIFY2(isCoreText(className(cls)), qPrintable(className(cls)));
}

void tst_CoreText::englishIsLeftAlone()
{
    for (int i = 0; i < int(CoreText::Count); ++i) {
        const QString text = coreText(CoreText(i));
        const QString sentence = fill(text, sampleArgs(placeholderCount(text)));
        QCOMPARE(translateCoreText(sentence), sentence);
    }
}

void tst_CoreText::everyTemplateIsRecognised_data()
{
    QTest::addColumn<int>("language");
    QTest::addColumn<int>("id");
    for (QLocale::Language language : {QLocale::German, QLocale::French}) {
        for (int i = 0; i < int(CoreText::Count); ++i) {
            QTest::addRow("%s: %s", qPrintable(QLocale::languageToCode(language)),
                          coreTextSource(CoreText(i)))
                << int(language) << i;
        }
    }
}

void tst_CoreText::everyTemplateIsRecognised()
{
    QFETCH(int, language);
    QFETCH(int, id);
    install(QLocale::Language(language));
    const char *source = coreTextSource(CoreText(id));
    const QString english = QString::fromUtf8(source);
    const QStringList args = sampleArgs(placeholderCount(english));
    const QString sentence = fill(english, args);
    QVERIFY(isCoreText(sentence));
    const QString translatedTemplate = QCoreApplication::translate(coreTextContext, source);
    // Only where a language writes it the same (PSI figures, "%1, %2") may the translation be the source.
    const QString expected = fill(translatedTemplate, args);
    QCOMPARE(translateCoreText(sentence), expected);
}

void tst_CoreText::argumentsAreTranslatedToo()
{
    install(QLocale::German);
    const QString inSession =
        coreText(CoreText::InSession).arg(QStringLiteral("abc12345"), QStringLiteral("42 (claude)"));
    const QString reason =
        coreText(CoreText::ProtectedByRuleSuffix).arg(inSession, QStringLiteral("keep-mcp"));
    QCOMPARE(reason, QStringLiteral("in session abc12345, child of 42 (claude); protected by rule keep-mcp"));
    QCOMPARE(translateCoreText(reason),
             QStringLiteral("in Sitzung abc12345, Kind von 42 (claude); geschützt durch Regel keep-mcp"));

    // Three levels: a leak text inside a doctor problem inside nothing the catalogue joins.
    const QString leak = coreText(CoreText::LeakText)
                             .arg(QStringLiteral("abc12345"), QStringLiteral("3 min"),
                                  coreText(CoreText::ManyProcesses).arg(4), QStringLiteral("120 MB"));
    QCOMPARE(translateCoreText(leak),
             QStringLiteral("Sitzung abc12345 vor 3 min beendet: 4 Prozesse, 120 MB übrig"));
    const QString pressure =
        coreText(CoreText::MemoryPressureIs)
            .arg(coreText(CoreText::LevelWarning),
                 coreText(CoreText::SwapUsedAbove)
                     .arg(coreText(CoreText::PercentOfMb).arg(QStringLiteral("85.0"), QStringLiteral("2048")),
                          QStringLiteral("80%")));
    QCOMPARE(translateCoreText(pressure),
             QStringLiteral("Speicherdruck ist Warnung: Swap belegt 85.0 % von 2048 MB > 80%"));

    install(QLocale::French);
    QCOMPARE(
        translateCoreText(reason),
        QStringLiteral("dans la session abc12345, enfant de 42 (claude) ; protégé par la règle keep-mcp"));
}

void tst_CoreText::unknownTextIsUnchanged()
{
    install(QLocale::German);
    for (const QString &text :
         {QString(), QStringLiteral("/usr/bin/node --inspect server.js"),
          QStringLiteral("No such file or directory"), QStringLiteral("pts/3"), QStringLiteral("4242")})
        QCOMPARE(translateCoreText(text), text);
}

void tst_CoreText::hostileTextDoesNoHarm()
{
    install(QLocale::German);
    // A process may call itself anything: its name goes into reasons as an argument.
    const QString comm = QStringLiteral("x; protected by rule %2, child of %1");
    const QString reason = coreText(CoreText::ChildOf).arg(QStringLiteral("7 (%1)").arg(comm));
    // A name that mimics a sentence is translated like one; what matters is that its %N stay as they are
    // and nothing of it is lost.
    QCOMPARE(translateCoreText(reason),
             QStringLiteral("Kind von 7 (x; geschützt durch Regel %2, Kind von %1)"));

    // Deep nesting ends at a bounded depth and keeps every character.
    QString deep = QStringLiteral("core");
    for (int i = 0; i < 200; ++i)
        deep = coreText(CoreText::Joined).arg(deep, coreText(CoreText::ChildOf).arg(i));
    const QString translated = translateCoreText(deep);
    QVERIFY(translated.startsWith(QLatin1String("core; Kind von 0; Kind von 1; ")));
    QVERIFY(translated.endsWith(QLatin1String("; child of 199")));
    QCOMPARE(translated.count(QLatin1Char(';')), deep.count(QLatin1Char(';')));
    const QString huge(100'000, QLatin1Char('%'));
    QCOMPARE(translateCoreText(huge), huge);
}

void tst_CoreText::switchingLanguageDropsTheCache()
{
    const QString reason = coreText(CoreText::ChildOf).arg(QStringLiteral("1 (systemd)"));
    install(QLocale::German);
    QCOMPARE(translateCoreText(reason), QStringLiteral("Kind von 1 (systemd)"));
    install(QLocale::French);
    QCOMPARE(translateCoreText(reason), QStringLiteral("enfant de 1 (systemd)"));
    cleanup();
    QCOMPARE(translateCoreText(reason), reason);
}

QTEST_GUILESS_MAIN(tst_CoreText)
#include "tst_coretext.moc"

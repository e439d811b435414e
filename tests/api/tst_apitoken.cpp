// ApiToken: the token file is created private, reused, narrowed and repaired; tokens compare exactly.
#include "apitoken.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace agentmon;

namespace {

int modeOf(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

void writeRaw(const QString &path, const QByteArray &content, int mode)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();
    QCOMPARE(::chmod(QFile::encodeName(path).constData(), mode_t(mode)), 0);
}

QByteArray readRaw(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_ApiToken : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createdPrivateWithItsDirectory();
    void reusedOnSecondCall();
    void narrowedFromWorldReadable();
    void regeneratedWhenUnusable_data();
    void regeneratedWhenUnusable();
    void refusesADirectory();
    void tokensAreRandom();
    void matches_data();
    void matches();
};

void tst_ApiToken::createdPrivateWithItsDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("config/agentmon/token"));
    QString error;
    const auto token = ApiToken::loadOrCreate(path, &error);
    QVERIFY2(token, qPrintable(error));
    QCOMPARE(token->size(), 64);
    QVERIFY(ApiToken::isWellFormed(*token));
    QCOMPARE(readRaw(path), *token);
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(modeOf(dir.filePath(QStringLiteral("config/agentmon"))), 0700);
}

void tst_ApiToken::reusedOnSecondCall()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("token"));
    const auto first = ApiToken::loadOrCreate(path, nullptr);
    const auto second = ApiToken::loadOrCreate(path, nullptr);
    QVERIFY(first && second);
    QCOMPARE(*second, *first);

    // A trailing newline (someone edited the file) is not part of the token.
    writeRaw(path, *first + "\n", 0600);
    QCOMPARE(ApiToken::loadOrCreate(path, nullptr), first);
}

void tst_ApiToken::narrowedFromWorldReadable()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("token"));
    const QByteArray token = QByteArray(32, 'a') + QByteArray(32, '7');
    writeRaw(path, token, 0644);
    QCOMPARE(modeOf(path), 0644);
    QString error;
    QCOMPARE(ApiToken::loadOrCreate(path, &error), std::optional<QByteArray>(token));
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(readRaw(path), token);
}

void tst_ApiToken::regeneratedWhenUnusable_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("whitespace") << QByteArray("\n  \n");
    QTest::newRow("short") << QByteArray("abc123");
    QTest::newRow("not hex") << QByteArray(64, 'z');
    QTest::newRow("too long") << QByteArray(65, 'a');
    QTest::newRow("binary") << QByteArray("\x00\x01\x02\xff", 4);
}

void tst_ApiToken::regeneratedWhenUnusable()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("token"));
    writeRaw(path, content, 0644);
    QString error;
    const auto token = ApiToken::loadOrCreate(path, &error);
    QVERIFY2(token, qPrintable(error));
    QVERIFY(ApiToken::isWellFormed(*token));
    QCOMPARE(readRaw(path), *token);
    QCOMPARE(modeOf(path), 0600);
}

void tst_ApiToken::refusesADirectory()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(!ApiToken::loadOrCreate(dir.path(), &error));
    QVERIFY(!error.isEmpty());
}

void tst_ApiToken::tokensAreRandom()
{
    const QByteArray a = ApiToken::generate();
    const QByteArray b = ApiToken::generate();
    QVERIFY(ApiToken::isWellFormed(a));
    QVERIFY(ApiToken::isWellFormed(b));
    QVERIFY(a != b);
}

void tst_ApiToken::matches_data()
{
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QByteArray>("presented");
    QTest::addColumn<bool>("result");

    const QByteArray token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    QTest::newRow("equal") << token << token << true;
    QTest::newRow("last character differs") << token << token.left(63) + 'e' << false;
    QTest::newRow("first character differs") << token << '1' + token.mid(1) << false;
    QTest::newRow("prefix") << token << token.left(32) << false;
    QTest::newRow("longer") << token << token + "0" << false;
    QTest::newRow("same length, other half") << token << token.left(32) + QByteArray(32, '0') << false;
    QTest::newRow("empty presented") << token << QByteArray() << false;
    QTest::newRow("empty expected") << QByteArray() << QByteArray() << false;
    QTest::newRow("case matters") << token << token.toUpper() << false;
}

void tst_ApiToken::matches()
{
    QFETCH(QByteArray, expected);
    QFETCH(QByteArray, presented);
    QFETCH(bool, result);
    QCOMPARE(ApiToken::matches(expected, presented), result);
}

QTEST_GUILESS_MAIN(tst_ApiToken)
#include "tst_apitoken.moc"

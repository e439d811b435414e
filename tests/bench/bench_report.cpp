// bench_report: turns the output of the benchmarks (one `name value unit` line per figure, one file per
// bench) into the Markdown report that `make bench` writes (docs/benchmarks.md), by filling in a template.
//
//   bench_report --results DIR --template FILE --output FILE
//
// In the template, {{bench.figure}} is a figure with its unit ("12.3 ms"), {{bench.a / bench.b}} the ratio of
// two ("4.2×"), {{bench.a - bench.b}} their difference, and {{env.NAME}} a fact about the machine (date,
// kernel, cpu, cores, memory, qt, commit). A figure that is missing is written "n/a" and named on stderr and
// at the end of the report, so a bench that failed cannot pass unnoticed; the exit code is then 1.
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSysInfo>
#include <QTextStream>
#include <QThread>

#include <cmath>
#include <optional>

namespace {

struct Figure {
    double value = 0;
    QString unit;
};

using Figures = QHash<QString, Figure>;

Figures readResults(const QString &dir, QStringList *errors)
{
    Figures figures;
    const QFileInfoList files = QDir(dir).entryInfoList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        errors->append(QStringLiteral("no results (*.txt) in %1").arg(dir));
    static const QRegularExpression line(
        QStringLiteral("^(\\S+) (-?[0-9.]+(?:e[-+]?[0-9]+)?|nan|inf) (\\S+)$"));
    for (const QFileInfo &info : files) {
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            errors->append(QStringLiteral("%1: %2").arg(info.filePath(), file.errorString()));
            continue;
        }
        const QString bench = info.completeBaseName();
        while (!file.atEnd()) {
            const QString text = QString::fromUtf8(file.readLine()).trimmed();
            const auto m = line.match(text);
            if (!m.hasMatch())
                continue; // commentary between the figures
            figures.insert(bench + QLatin1Char('.') + m.captured(1),
                           {m.captured(2).toDouble(), m.captured(3)});
        }
    }
    return figures;
}

QString number(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

QString format(double value, const QString &unit)
{
    if (!std::isfinite(value))
        return QStringLiteral("n/a");
    if (unit == QLatin1String("count"))
        return QString::number(std::llround(value));
    const double magnitude = std::fabs(value);
    const int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
    const QString n = number(value, decimals);
    if (unit == QLatin1String("x"))
        return n + QStringLiteral("×");
    if (unit == QLatin1String("per_s"))
        return n + QStringLiteral("/s");
    if (unit == QLatin1String("us"))
        return n + QStringLiteral(" µs");
    return n + QLatin1Char(' ') + unit;
}

QString run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(5000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

QHash<QString, QString> machine(const QString &sourceDir)
{
    QHash<QString, QString> env;
    env.insert(QStringLiteral("date"),
               QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
    env.insert(QStringLiteral("kernel"),
               QSysInfo::kernelType() + QLatin1Char(' ') + QSysInfo::kernelVersion());
    env.insert(QStringLiteral("os"), QSysInfo::prettyProductName());
    env.insert(QStringLiteral("cores"), QString::number(QThread::idealThreadCount()));
    env.insert(QStringLiteral("qt"), QString::fromLatin1(qVersion()));
    QString cpu = QStringLiteral("unknown");
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (cpuinfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray &l : cpuinfo.readAll().split('\n')) {
            if (l.startsWith("model name")) {
                cpu = QString::fromUtf8(l.mid(l.indexOf(':') + 1)).trimmed();
                break;
            }
        }
    }
    env.insert(QStringLiteral("cpu"), cpu);
    QFile meminfo(QStringLiteral("/proc/meminfo"));
    if (meminfo.open(QIODevice::ReadOnly)) {
        const QByteArray first = meminfo.readLine();
        const qint64 kb = first.mid(first.indexOf(':') + 1).trimmed().split(' ').value(0).toLongLong();
        env.insert(QStringLiteral("memory"),
                   QStringLiteral("%1 GiB").arg(number(double(kb) / 1024 / 1024, 1)));
    }
    const QString commit =
        run(QStringLiteral("git"), {QStringLiteral("-C"), sourceDir, QStringLiteral("describe"),
                                    QStringLiteral("--always"), QStringLiteral("--dirty")});
    env.insert(QStringLiteral("commit"), commit.isEmpty() ? QStringLiteral("unknown") : commit);
    return env;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream err(stderr);
    const QStringList args = app.arguments();
    auto option = [&args](const char *name) {
        const qsizetype i = args.indexOf(QLatin1String(name));
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : QString();
    };
    const QString resultsDir = option("--results");
    const QString templateFile = option("--template");
    const QString outputFile = option("--output");
    if (resultsDir.isEmpty() || templateFile.isEmpty() || outputFile.isEmpty()) {
        err << "usage: bench_report --results DIR --template FILE --output FILE\n";
        return 2;
    }
    QStringList errors;
    const Figures figures = readResults(resultsDir, &errors);
    QFile in(templateFile);
    if (!in.open(QIODevice::ReadOnly | QIODevice::Text)) {
        err << "bench_report: " << templateFile << ": " << in.errorString() << '\n';
        return 2;
    }
    const QString templ = QString::fromUtf8(in.readAll());
    const QHash<QString, QString> env = machine(QFileInfo(templateFile).absolutePath());

    QStringList missing;
    auto lookup = [&](const QString &name) -> std::optional<Figure> {
        const auto it = figures.constFind(name);
        if (it == figures.constEnd()) {
            if (!missing.contains(name))
                missing << name;
            return std::nullopt;
        }
        return *it;
    };
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{\\s*([^}]+?)\\s*\\}\\}"));
    static const QRegularExpression binary(QStringLiteral("^(\\S+)\\s*([/-])\\s*(\\S+)$"));
    QString out;
    qsizetype at = 0;
    for (auto it = placeholder.globalMatch(templ); it.hasNext();) {
        const auto m = it.next();
        out += templ.mid(at, m.capturedStart() - at);
        at = m.capturedEnd();
        const QString expr = m.captured(1);
        if (expr.startsWith(QLatin1String("env."))) {
            out += env.value(expr.mid(4), QStringLiteral("n/a"));
            continue;
        }
        if (const auto b = binary.match(expr); b.hasMatch()) {
            const auto left = lookup(b.captured(1));
            const auto right = lookup(b.captured(3));
            if (!left || !right) {
                out += QStringLiteral("n/a");
            } else if (b.captured(2) == QLatin1String("/")) {
                out += right->value == 0 ? QStringLiteral("n/a")
                                         : format(left->value / right->value, QStringLiteral("x"));
            } else {
                out += format(left->value - right->value, left->unit);
            }
            continue;
        }
        const auto f = lookup(expr);
        out += f ? format(f->value, f->unit) : QStringLiteral("n/a");
    }
    out += templ.mid(at);
    if (!missing.isEmpty() || !errors.isEmpty()) {
        out += QStringLiteral("\n## Missing from this run\n\n");
        for (const QString &e : errors)
            out += QStringLiteral("- %1\n").arg(e);
        for (const QString &name : missing)
            out += QStringLiteral("- `%1`: the bench did not report it (did it fail? see its output)\n")
                       .arg(name);
    }

    QFile output(outputFile);
    if (!output.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        err << "bench_report: " << outputFile << ": " << output.errorString() << '\n';
        return 2;
    }
    output.write(out.toUtf8());
    for (const QString &e : errors)
        err << "bench_report: " << e << '\n';
    for (const QString &name : missing)
        err << "bench_report: missing figure " << name << '\n';
    err << "bench_report: wrote " << QFileInfo(outputFile).absoluteFilePath() << '\n';
    return missing.isEmpty() && errors.isEmpty() ? 0 : 1;
}

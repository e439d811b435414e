// bench_instance: what the running instance costs on this machine, measured against a real
// `agentmonctl daemon --port 0` that it starts itself, with AGENTMON_HOME in a fresh temporary directory
// (ended with SIGTERM, SIGKILL after 10 s, in every path). Three parts, each with a daemon of its own:
//   api:      --processes (1,000) sleeping processes registered one by one with POST /api/register (rate,
//             latency), then sequential GET /api/processes for ~--api-seconds: on one keep-alive connection
//             (requests per second, p50/p99 latency, response size), and with a new connection and a full
//             JSON parse per request, as agentmonctl does it (InstanceClient);
//   spawn:    from starting `agentmonctl spawn --session bench-N -- /bin/sleep 5` until the sleep shows up
//             with "tracked": true and session bench-N in GET /api/processes (polled as fast as it answers),
//             and until the sleep exists at all (a child of the wrapper);
//   handover: with AGENTMON_MAX_CONCURRENT=1, a holder spawn (`read x; date +%s%N`) and a waiting spawn
//             (`date +%s%N`): from the holder's CMD exiting (its own timestamp) to the waiter's CMD running.
// One `name value unit` line per figure (medians over --reps unless the name says otherwise); comment lines
// start with '#'.
//
// The api part runs first: its sleepers (sleepers.h) are forked before Qt starts (children in one process
// group of their own, PR_SET_PDEATHSIG, alarm(600), pause(), async-signal-safe calls only) and are
// ended with killpg() and reaped one by one before the other parts, so they do not slow those daemons'
// samples. Every `agentmonctl spawn` wrapper runs in a process group of its own (setpgid in the child); it is
// ended with SIGTERM to that group, which it forwards to its CMD, and SIGKILL after 10 s.

#include "benchstats.h"
#include "instanceclient.h"
#include "sleepers.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <exception>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <poll.h>
#include <string>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#ifndef AGENTMONCTL_PATH
#error "AGENTMONCTL_PATH must name the built agentmonctl"
#endif

namespace {

using agentmon::bench::count;
using agentmon::bench::figure;
using agentmon::bench::maximum;
using agentmon::bench::median;
using agentmon::bench::percentile;

using BenchClock = std::chrono::steady_clock;

constexpr int kWaitMs = 10'000;             // every wait for a process or an answer
constexpr int kDaemonTermMs = 10'000;       // SIGTERM, then SIGKILL
constexpr int kRegisterBudgetS = 180;       // all registrations of the api part
constexpr int kNewConnectionMaxSeconds = 5; // the connection-per-request run of the api part
constexpr int kMaxRequests = 200'000;       // per throughput run, besides the time bound
constexpr const char *kSpawnWait = "20";    // --wait of every spawn, seconds

double msSince(BenchClock::time_point start)
{
    return std::chrono::duration<double, std::milli>(BenchClock::now() - start).count();
}

int msLeft(BenchClock::time_point deadline)
{
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - BenchClock::now());
    return int(std::clamp<long long>(left.count(), 0, 1'000'000));
}

std::string errnoText(int error)
{
    return std::strerror(error);
}

std::string text(const QString &s)
{
    return s.toStdString();
}

std::string readSmallFile(const char *path)
{
    std::string content;
    if (FILE *file = std::fopen(path, "re")) {
        char buffer[4096];
        size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
            content.append(buffer, n);
        std::fclose(file);
    }
    while (!content.empty() && (content.back() == '\n' || content.back() == ' '))
        content.pop_back();
    return content;
}

// ---- what a fatal signal must end
// ----------------------------------------------------------------------------------

volatile sig_atomic_t g_daemonPid = 0;
constexpr int kMaxWrappers = 4;
volatile sig_atomic_t g_wrapperGroups[kMaxWrappers] = {};

void trackWrapper(pid_t group, bool on)
{
    for (int i = 0; i < kMaxWrappers; ++i) {
        if (on && g_wrapperGroups[i] == 0) {
            g_wrapperGroups[i] = group;
            return;
        }
        if (!on && g_wrapperGroups[i] == group) {
            g_wrapperGroups[i] = 0;
            return;
        }
    }
}

// SIGINT/SIGTERM/SIGHUP: end what we started before dying. The daemon and the wrappers also have a
// parent-death signal, the sleepers theirs; this is quicker.
void onFatalSignal(int sig)
{
    agentmon::bench::killAllSleepers();
    for (int i = 0; i < kMaxWrappers; ++i) {
        const pid_t wrapper = g_wrapperGroups[i];
        if (wrapper > 0)
            killpg(wrapper, SIGTERM);
    }
    const pid_t daemon = g_daemonPid;
    if (daemon > 0)
        kill(daemon, SIGTERM);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

// ---- a minimal HTTP/1.1 client with keep-alive
// ---------------------------------------------------------------------

// Blocking in the caller, bounded by the timeout of each request; non-blocking socket and poll() underneath.
// One request at a time on one connection, reconnecting when the server closed it.
class HttpConnection {
public:
    struct Reply {
        int status = 0; // 0: no answer
        QByteArray body;
        std::string error;
    };

    HttpConnection(quint16 port, QByteArray token) : m_port(port), m_token(std::move(token)) {}
    ~HttpConnection() { disconnect(); }
    HttpConnection(const HttpConnection &) = delete;
    HttpConnection &operator=(const HttpConnection &) = delete;

    Reply request(const char *method, const QByteArray &target, const QByteArray &body = {},
                  int timeoutMs = kWaitMs);
    int connects() const { return m_connects; }

private:
    bool open(BenchClock::time_point deadline, std::string &error);
    void disconnect();
    bool sendAll(const QByteArray &data, BenchClock::time_point deadline, std::string &error);
    // Appends what arrives to m_in: 1 data, 0 the server closed the connection, -1 error or timeout.
    int readMore(BenchClock::time_point deadline, std::string &error);

    quint16 m_port;
    QByteArray m_token;
    int m_fd = -1;
    QByteArray m_in;
    int m_connects = 0;
};

bool HttpConnection::open(BenchClock::time_point deadline, std::string &error)
{
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (m_fd < 0) {
        error = "socket: " + errnoText(errno);
        return false;
    }
    const int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) < 0) {
        if (errno != EINPROGRESS) {
            error = "connect: " + errnoText(errno);
            disconnect();
            return false;
        }
        pollfd pfd{m_fd, POLLOUT, 0};
        int polled = 0;
        while ((polled = poll(&pfd, 1, msLeft(deadline))) < 0 && errno == EINTR) {
        }
        int soError = 0;
        socklen_t length = sizeof soError;
        if (polled <= 0 || getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &soError, &length) < 0 || soError != 0) {
            error = polled == 0 ? "connect timed out" : "connect: " + errnoText(soError ? soError : errno);
            disconnect();
            return false;
        }
    }
    ++m_connects;
    m_in.clear();
    return true;
}

void HttpConnection::disconnect()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_in.clear();
}

bool HttpConnection::sendAll(const QByteArray &data, BenchClock::time_point deadline, std::string &error)
{
    qsizetype sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(m_fd, data.constData() + sent, size_t(data.size() - sent), MSG_NOSIGNAL);
        if (n > 0) {
            sent += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd pfd{m_fd, POLLOUT, 0};
            if (poll(&pfd, 1, msLeft(deadline)) == 0) {
                error = "send timed out";
                return false;
            }
            continue;
        }
        error = "send: " + errnoText(errno);
        return false;
    }
    return true;
}

int HttpConnection::readMore(BenchClock::time_point deadline, std::string &error)
{
    for (;;) {
        char buffer[64 * 1024];
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            m_in.append(buffer, n);
            return 1;
        }
        if (n == 0)
            return 0;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            error = "recv: " + errnoText(errno);
            return -1;
        }
        pollfd pfd{m_fd, POLLIN, 0};
        const int left = msLeft(deadline);
        const int polled = left > 0 ? poll(&pfd, 1, left) : 0;
        if (polled == 0) {
            error = "no answer in time";
            return -1;
        }
    }
}

HttpConnection::Reply HttpConnection::request(const char *method, const QByteArray &target,
                                              const QByteArray &body, int timeoutMs)
{
    Reply reply;
    const auto deadline = BenchClock::now() + std::chrono::milliseconds(timeoutMs);
    const QByteArray host = "127.0.0.1:" + QByteArray::number(m_port);
    QByteArray message = QByteArray(method) + ' ' + target + " HTTP/1.1\r\nHost: " + host +
                         "\r\nAuthorization: Bearer " + m_token + "\r\nAccept: application/json\r\n";
    if (!body.isEmpty() || std::strcmp(method, "POST") == 0)
        message +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    message += "\r\n" + body;

    // A reused connection the server closed meanwhile (nothing of an answer came back): once more on a new
    // one.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool reused = m_fd >= 0;
        if (!reused && !open(deadline, reply.error))
            return reply;
        m_in.clear();
        if (!sendAll(message, deadline, reply.error)) {
            disconnect();
            if (reused && msLeft(deadline) > 0) {
                reply.error.clear();
                continue;
            }
            return reply;
        }
        qsizetype headerEnd = -1;
        bool retry = false;
        while ((headerEnd = m_in.indexOf("\r\n\r\n")) < 0) {
            if (m_in.size() > 64 * 1024) {
                reply.error = "garbled answer (no end of the headers)";
                disconnect();
                return reply;
            }
            const int got = readMore(deadline, reply.error);
            if (got == 0 && m_in.isEmpty() && reused) {
                retry = true;
                break;
            }
            if (got <= 0) {
                if (got == 0)
                    reply.error = "the server closed the connection before answering";
                disconnect();
                return reply;
            }
        }
        if (retry) {
            disconnect();
            continue;
        }
        const QList<QByteArray> lines = m_in.left(headerEnd).split('\n');
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        bool ok = statusLine.size() >= 2 && statusLine[0].startsWith("HTTP/1.");
        reply.status = ok ? statusLine[1].toInt(&ok) : 0;
        if (!ok) {
            reply.status = 0;
            reply.error = "garbled status line";
            disconnect();
            return reply;
        }
        qint64 length = -1;
        bool close = statusLine[0] == "HTTP/1.0";
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = lines[i].left(colon).trimmed().toLower();
            const QByteArray value = lines[i].mid(colon + 1).trimmed().toLower();
            if (name == "content-length")
                length = value.toLongLong();
            else if (name == "connection")
                close = value == "close" ? true : value == "keep-alive" ? false : close;
        }
        const qsizetype bodyStart = headerEnd + 4;
        while (length < 0 || m_in.size() - bodyStart < length) {
            const int got = readMore(deadline, reply.error);
            if (got == 0 && length < 0)
                break; // delimited by the end of the connection
            if (got <= 0) {
                if (got == 0)
                    reply.error = "the server closed the connection in the middle of the answer";
                reply.status = 0;
                disconnect();
                return reply;
            }
        }
        if (length < 0) {
            reply.body = m_in.mid(bodyStart);
            close = true;
        } else {
            reply.body = m_in.mid(bodyStart, length);
        }
        if (close)
            disconnect();
        else
            m_in.clear();
        return reply;
    }
    if (reply.error.empty())
        reply.error = "the server closed the connection twice";
    return reply;
}

// ---- processes
// -----------------------------------------------------------------------------------------------------

// Children of pid: /proc/PID/task/*/children, or a scan of /proc where the kernel has no such file.
std::vector<pid_t> childrenOf(pid_t pid)
{
    std::vector<pid_t> children;
    const std::string taskDir = "/proc/" + std::to_string(pid) + "/task";
    bool haveFile = false;
    if (DIR *dir = opendir(taskDir.c_str())) {
        while (const dirent *entry = readdir(dir)) {
            if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
                continue;
            const std::string path = taskDir + '/' + entry->d_name + "/children";
            if (access(path.c_str(), R_OK) != 0)
                continue;
            haveFile = true;
            const std::string list = readSmallFile(path.c_str());
            const char *p = list.c_str();
            char *end = nullptr;
            for (long value = std::strtol(p, &end, 10); end != p; value = std::strtol(p, &end, 10)) {
                children.push_back(pid_t(value));
                p = end;
            }
        }
        closedir(dir);
    }
    if (haveFile)
        return children;
    if (DIR *proc = opendir("/proc")) {
        while (const dirent *entry = readdir(proc)) {
            if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
                continue;
            const std::string stat = readSmallFile(("/proc/" + std::string(entry->d_name) + "/stat").c_str());
            const size_t paren = stat.rfind(')');
            if (paren == std::string::npos || paren + 4 >= stat.size())
                continue;
            // ") S PPID ..."
            if (std::atoi(stat.c_str() + paren + 4) == pid)
                children.push_back(pid_t(std::atoi(entry->d_name)));
        }
        closedir(proc);
    }
    return children;
}

// Whether pid has a handler for sig (SigCgt of /proc/PID/status).
bool catchesSignal(pid_t pid, int sig)
{
    const std::string status = readSmallFile(("/proc/" + std::to_string(pid) + "/status").c_str());
    const size_t at = status.find("SigCgt:");
    if (at == std::string::npos)
        return false;
    const unsigned long long mask = std::strtoull(status.c_str() + at + 7, nullptr, 16);
    return (mask >> (sig - 1)) & 1ULL;
}

long long rssKbOf(pid_t pid)
{
    const std::string status = readSmallFile(("/proc/" + std::to_string(pid) + "/status").c_str());
    const size_t at = status.find("VmRSS:");
    return at == std::string::npos ? -1 : std::atoll(status.c_str() + at + 6);
}

// Runs the event loop for a moment (QProcess learns of exits through it).
void pump()
{
    QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
}

// One `agentmonctl spawn`, in a process group of its own.
class Wrapper {
public:
    Wrapper() = default;
    ~Wrapper() { stop(); }
    Wrapper(const Wrapper &) = delete;
    Wrapper &operator=(const Wrapper &) = delete;

    bool start(const QStringList &arguments, const QProcessEnvironment &env, bool stdinPipe,
               std::string &error)
    {
        m_process.setProgram(QStringLiteral(AGENTMONCTL_PATH));
        m_process.setArguments(arguments);
        m_process.setProcessEnvironment(env);
        if (!stdinPipe)
            m_process.setStandardInputFile(QProcess::nullDevice());
        // In the child between fork and exec: async-signal-safe calls only.
        m_process.setChildProcessModifier([] {
            ::setpgid(0, 0);
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        });
        m_process.start();
        if (!m_process.waitForStarted(kWaitMs)) {
            error = "cannot start agentmonctl spawn: " + text(m_process.errorString());
            return false;
        }
        m_pid = pid_t(m_process.processId());
        trackWrapper(m_pid, true);
        return true;
    }

    pid_t pid() const { return m_pid; }
    QProcess &process() { return m_process; }
    bool running() const { return m_process.state() != QProcess::NotRunning; }

    // Waits (bounded) for it to exit by itself; false when it still runs.
    bool waitExit(int timeoutMs)
    {
        if (running())
            m_process.waitForFinished(timeoutMs);
        return finish();
    }

    // SIGTERM to its process group (the wrapper forwards it to its CMD), SIGKILL after 10 s. The milliseconds
    // until it exited, nullopt when it had to be killed or was not running.
    std::optional<double> stop()
    {
        if (!running()) {
            finish();
            return std::nullopt;
        }
        const auto start = BenchClock::now();
        killpg(m_pid, SIGTERM); // unreaped while QProcess says it runs: the group is still ours
        if (m_process.waitForFinished(kWaitMs) || !running()) {
            finish();
            return msSince(start);
        }
        killpg(m_pid, SIGKILL);
        m_process.waitForFinished(kWaitMs);
        finish();
        return std::nullopt;
    }

    std::string stderrText()
    {
        QByteArray err = m_process.readAllStandardError().trimmed();
        err.replace('\n', " | ");
        return err.toStdString();
    }

private:
    bool finish()
    {
        if (running())
            return false;
        if (m_pid > 0)
            trackWrapper(m_pid, false);
        return true;
    }

    QProcess m_process;
    pid_t m_pid = 0;
};

// One `agentmonctl daemon --port 0` with AGENTMON_HOME in a temporary directory of its own.
class Daemon {
public:
    explicit Daemon(std::string label) : m_label(std::move(label)) {}
    ~Daemon() { stop(); }
    Daemon(const Daemon &) = delete;
    Daemon &operator=(const Daemon &) = delete;

    // Starts it and waits (bounded) until GET /api/health answers. extra: variables for its environment.
    bool start(const QList<std::pair<QString, QString>> &extra, std::string &error);
    // SIGTERM, SIGKILL after 10 s; prints what it wrote on stderr besides its start line. The milliseconds
    // until it exited, nullopt when it had to be killed or was not running.
    std::optional<double> stop();

    quint16 port() const { return m_port; }
    const QByteArray &token() const { return m_token; }
    pid_t pid() const { return m_pid; }
    // The environment of spawns that talk to this daemon.
    const QProcessEnvironment &clientEnvironment() const { return m_clientEnv; }
    bool running() const { return m_process.state() != QProcess::NotRunning; }
    std::string stderrText() const;

private:
    std::string m_label;
    std::unique_ptr<QTemporaryDir> m_home;
    QProcess m_process;
    QProcessEnvironment m_clientEnv;
    quint16 m_port = 0;
    QByteArray m_token;
    pid_t m_pid = 0;
    bool m_reported = false;
};

bool Daemon::start(const QList<std::pair<QString, QString>> &extra, std::string &error)
{
    m_home = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/bench_instance-XXXXXX"));
    if (!m_home->isValid()) {
        error = "cannot create a temporary directory: " + text(m_home->errorString());
        return false;
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("AGENTMON_MAX_CONCURRENT"));
    env.remove(QStringLiteral("AGENTMON_HARD_CAP"));
    env.insert(QStringLiteral("AGENTMON_HOME"), m_home->path());
    m_clientEnv = env;
    for (const auto &[name, value] : extra)
        env.insert(name, value);

    m_process.setProgram(QStringLiteral(AGENTMONCTL_PATH));
    m_process.setArguments({QStringLiteral("daemon"), QStringLiteral("--port"), QStringLiteral("0")});
    m_process.setProcessEnvironment(env);
    m_process.setStandardInputFile(QProcess::nullDevice());
    m_process.setStandardOutputFile(m_home->filePath(QStringLiteral("daemon.out")));
    m_process.setStandardErrorFile(m_home->filePath(QStringLiteral("daemon.err")));
    // In the child between fork and exec: async-signal-safe calls only. It stays in our process group.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    const auto start = BenchClock::now();
    m_process.start();
    if (!m_process.waitForStarted(kWaitMs)) {
        error = "cannot start agentmonctl daemon: " + text(m_process.errorString());
        return false;
    }
    m_pid = pid_t(m_process.processId());
    g_daemonPid = m_pid;

    const auto deadline = start + std::chrono::milliseconds(kWaitMs);
    const QString instanceFile = m_home->filePath(QStringLiteral("instance.json"));
    while (BenchClock::now() < deadline) {
        pump();
        if (!running()) {
            error = "the daemon exited at once (code " + std::to_string(m_process.exitCode()) +
                    "): " + stderrText();
            return false;
        }
        const auto info = agentmon::InstanceClient::readInstanceFile(instanceFile);
        QFile tokenFile(m_home->filePath(QStringLiteral("token")));
        if (!info || info->pid != m_pid || !tokenFile.open(QIODevice::ReadOnly)) {
            usleep(2000);
            continue;
        }
        m_port = info->port;
        m_token = tokenFile.readAll().trimmed();
        HttpConnection http(m_port, m_token);
        const auto reply = http.request("GET", "/api/health", {}, msLeft(deadline));
        if (reply.status == 200) {
            std::printf("# daemon %s: pid %d, port %u, AGENTMON_HOME %s, ready after %.0f ms\n",
                        m_label.c_str(), int(m_pid), unsigned(m_port), text(m_home->path()).c_str(),
                        msSince(start));
            return true;
        }
        usleep(2000);
    }
    error = "the daemon did not answer GET /api/health within 10 s: " + stderrText();
    return false;
}

std::string Daemon::stderrText() const
{
    if (!m_home)
        return {};
    QFile file(m_home->filePath(QStringLiteral("daemon.err")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray err = file.read(16 * 1024).trimmed();
    err.replace('\n', " | ");
    return err.toStdString();
}

std::optional<double> Daemon::stop()
{
    std::optional<double> ms;
    if (running()) {
        const auto start = BenchClock::now();
        m_process.terminate(); // SIGTERM: the shutdown cascade, then it exits
        if (m_process.waitForFinished(kDaemonTermMs) || !running()) {
            ms = msSince(start);
        } else {
            std::printf("# WARNING daemon %s did not exit within %d s of SIGTERM; SIGKILL\n", m_label.c_str(),
                        kDaemonTermMs / 1000);
            m_process.kill();
            m_process.waitForFinished(kWaitMs);
        }
        if (!running() && (m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() != 0))
            std::printf("# WARNING daemon %s ended with %s %d\n", m_label.c_str(),
                        m_process.exitStatus() == QProcess::NormalExit ? "exit code" : "a crash, code",
                        m_process.exitCode());
    }
    if (!running())
        g_daemonPid = 0;
    if (m_home && !m_reported) {
        m_reported = true;
        QFile file(m_home->filePath(QStringLiteral("daemon.err")));
        if (file.open(QIODevice::ReadOnly)) {
            const QList<QByteArray> lines = file.read(64 * 1024).split('\n');
            for (const QByteArray &line : lines) {
                if (!line.trimmed().isEmpty() && !line.startsWith("agentmon daemon: pid "))
                    std::printf("# daemon %s stderr: %s\n", m_label.c_str(), line.constData());
            }
        }
    }
    return ms;
}

QJsonArray jsonArrayOf(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).array();
}

// ---- the parts
// -----------------------------------------------------------------------------------------------------

struct Options {
    int reps = 15;
    int processes = 1000;
    int apiSeconds = 10;
};

struct Summary {
    std::vector<std::string> lines;
    void add(const char *format, double a, double b = 0, double c = 0)
    {
        char buffer[512];
        std::snprintf(buffer, sizeof buffer, format, a, b, c);
        lines.emplace_back(buffer);
    }
};

struct GetRun {
    int requests = 0;
    double seconds = 0;
    std::vector<double> ms;
    qsizetype bytes = 0;
};

void reportGets(const std::string &prefix, const GetRun &run)
{
    count(prefix + "_requests", run.requests);
    figure(prefix + "_per_s", run.seconds > 0 ? run.requests / run.seconds : 0.0, "per_s");
    figure(prefix + "_p50", percentile(run.ms, 50), "ms");
    figure(prefix + "_p99", percentile(run.ms, 99), "ms");
    figure(prefix + "_max", maximum(run.ms), "ms");
}

bool measureApi(const Options &options, agentmon::bench::Sleepers &sleepers, Summary &summary,
                std::string &error)
{
    std::printf("# part api: %d sleeping processes registered, then GET /api/processes for %d s\n",
                int(sleepers.pids().size()), options.apiSeconds);
    Daemon daemon("api");
    if (!daemon.start({}, error))
        return false;
    HttpConnection http(daemon.port(), daemon.token());

    // Registration, one request per sleeper, on one keep-alive connection.
    std::vector<double> registerMs;
    int failures = 0;
    std::string firstFailure;
    const auto start = BenchClock::now();
    const auto deadline = start + std::chrono::seconds(kRegisterBudgetS);
    for (const pid_t pid : sleepers.pids()) {
        if (BenchClock::now() >= deadline) {
            std::printf("# ERROR registration budget of %d s spent after %zu of %zu\n", kRegisterBudgetS,
                        registerMs.size(), sleepers.pids().size());
            error = "registration too slow";
            break;
        }
        const auto t = BenchClock::now();
        const auto reply = http.request("POST", "/api/register", "{\"pid\":" + QByteArray::number(pid) + "}",
                                        msLeft(deadline));
        registerMs.push_back(msSince(t));
        if (reply.status != 200) {
            if (failures++ == 0)
                firstFailure = "pid " + std::to_string(pid) + ": status " + std::to_string(reply.status) +
                               " " + reply.error + " " + reply.body.left(200).toStdString();
        }
    }
    const double registerSeconds = msSince(start) / 1000.0;
    const int registered = int(registerMs.size()) - failures;
    count("api_registered", registered);
    count("api_register_failures", failures);
    if (failures)
        std::printf("# first registration failure: %s\n", firstFailure.c_str());
    figure("api_register_total", registerSeconds * 1000.0, "ms");
    figure("api_register_per_s", registerSeconds > 0 ? double(registerMs.size()) / registerSeconds : 0.0,
           "per_s");
    figure("api_register_p50", percentile(registerMs, 50), "ms");
    figure("api_register_p99", percentile(registerMs, 99), "ms");
    figure("api_register_max", maximum(registerMs), "ms");
    // Drift: the first and the last tenth of the registrations.
    const size_t tenth = std::max<size_t>(1, registerMs.size() / 10);
    if (registerMs.size() >= 10) {
        figure("api_register_first_tenth_median",
               median({registerMs.begin(), registerMs.begin() + ptrdiff_t(tenth)}), "ms");
        figure("api_register_last_tenth_median",
               median({registerMs.end() - ptrdiff_t(tenth), registerMs.end()}), "ms");
    }
    if (!error.empty())
        return false;

    // What GET /api/processes answers now.
    const auto check = http.request("GET", "/api/processes");
    if (check.status != 200) {
        error = "GET /api/processes: status " + std::to_string(check.status) + " " + check.error;
        return false;
    }
    const QJsonArray list = jsonArrayOf(check.body);
    int trackedSleepers = 0;
    for (const QJsonValue &value : list) {
        const QJsonObject p = value.toObject();
        if (p.value(QLatin1String("pgid")).toInt() == sleepers.group() &&
            p.value(QLatin1String("tracked")).toBool())
            ++trackedSleepers;
    }
    count("api_processes_entries", list.size());
    count("api_processes_tracked_sleepers", trackedSleepers);
    figure("api_processes_response_size", double(check.body.size()) / 1024.0, "KB");
    figure("api_processes_bytes_per_entry", list.isEmpty() ? 0.0 : double(check.body.size()) / list.size(),
           "bytes");
    const long long rss = rssKbOf(daemon.pid());
    figure("api_daemon_rss", double(rss) / 1024.0, "MB");
    if (trackedSleepers != registered) {
        error = "GET /api/processes lists " + std::to_string(trackedSleepers) + " tracked sleepers of " +
                std::to_string(registered) + " registered";
        return false;
    }

    // Throughput: sequential requests on one keep-alive connection.
    GetRun keepAlive;
    const int connectsBefore = http.connects();
    const auto runStart = BenchClock::now();
    const auto runEnd = runStart + std::chrono::seconds(options.apiSeconds);
    while (BenchClock::now() < runEnd && keepAlive.requests < kMaxRequests) {
        const auto t = BenchClock::now();
        const auto reply = http.request("GET", "/api/processes");
        keepAlive.ms.push_back(msSince(t));
        ++keepAlive.requests;
        if (reply.status != 200) {
            error = "GET /api/processes (keep-alive) failed: status " + std::to_string(reply.status) + " " +
                    reply.error;
            return false;
        }
        keepAlive.bytes = reply.body.size();
    }
    keepAlive.seconds = msSince(runStart) / 1000.0;
    reportGets("api_processes_keepalive", keepAlive);
    count("api_processes_keepalive_connections", http.connects() - connectsBefore);

    // agentmonctl's way: a new connection and Connection: close per request, the answer parsed as JSON.
    GetRun perConnection;
    const agentmon::InstanceClient client(daemon.port(), daemon.token());
    const int newConnSeconds = std::min(options.apiSeconds, kNewConnectionMaxSeconds);
    const auto ncStart = BenchClock::now();
    const auto ncEnd = ncStart + std::chrono::seconds(newConnSeconds);
    while (BenchClock::now() < ncEnd && perConnection.requests < kMaxRequests) {
        const auto t = BenchClock::now();
        const auto reply = client.request("GET", QStringLiteral("/api/processes"), {}, kWaitMs);
        perConnection.ms.push_back(msSince(t));
        ++perConnection.requests;
        if (!reply.ok()) {
            error = "GET /api/processes (InstanceClient) failed: status " + std::to_string(reply.status) +
                    " " + text(reply.error);
            return false;
        }
    }
    perConnection.seconds = msSince(ncStart) / 1000.0;
    reportGets("api_processes_newconn", perConnection);

    const double rps = keepAlive.seconds > 0 ? keepAlive.requests / keepAlive.seconds : 0.0;
    summary.add("# summary api: register %.0f per s (p99 %.1f ms)",
                registerSeconds > 0 ? registerMs.size() / registerSeconds : 0.0, percentile(registerMs, 99));
    summary.add("# summary api: GET /api/processes at %.0f tracked: %.1f per s keep-alive, p50 %.2f ms",
                trackedSleepers, rps, percentile(keepAlive.ms, 50));
    summary.add("#   p99 %.2f ms, %.0f KB per answer; new connection per request %.1f per s",
                percentile(keepAlive.ms, 99), double(keepAlive.bytes) / 1024.0,
                perConnection.seconds > 0 ? perConnection.requests / perConnection.seconds : 0.0);

    sleepers.stop();
    if (const auto stopMs = daemon.stop())
        figure("api_daemon_stop", *stopMs, "ms");
    std::fflush(stdout);
    return true;
}

bool measureSpawn(const Options &options, Summary &summary, std::string &error)
{
    std::printf("# part spawn: `agentmonctl spawn --session bench-N -- /bin/sleep 5`, %d repetitions after 1 "
                "warm-up\n",
                options.reps);
    Daemon daemon("spawn");
    if (!daemon.start({}, error))
        return false;
    HttpConnection http(daemon.port(), daemon.token());
    std::vector<double> childMs, registeredMs, afterChildMs, stopMs, pollsPerRun;
    int forwarderLate = 0; // SIGTERM handler of the wrapper not yet installed when the registration showed
    int diedOfSignal = 0;  // wrappers that died of the SIGTERM instead of forwarding it
    for (int i = 0; i <= options.reps; ++i) {
        const QString session = QStringLiteral("bench-%1").arg(i);
        Wrapper wrapper;
        const auto start = BenchClock::now();
        if (!wrapper.start({QStringLiteral("spawn"), QStringLiteral("--session"), session,
                            QStringLiteral("--wait"), QLatin1String(kSpawnWait), QStringLiteral("--"),
                            QStringLiteral("/bin/sleep"), QStringLiteral("5")},
                           daemon.clientEnvironment(), false, error))
            return false;
        const auto deadline = start + std::chrono::milliseconds(kWaitMs);
        pid_t child = 0;
        double child_ms = -1, registered_ms = -1;
        int polls = 0;
        while (BenchClock::now() < deadline) {
            if (child == 0) {
                const std::vector<pid_t> children = childrenOf(wrapper.pid());
                if (children.empty()) {
                    pump();
                    if (!wrapper.running())
                        break;
                    usleep(200);
                    continue;
                }
                child = children.front();
                child_ms = msSince(start);
            }
            const auto reply = http.request("GET", "/api/processes", {}, msLeft(deadline));
            ++polls;
            if (reply.status != 200) {
                error = "GET /api/processes: status " + std::to_string(reply.status) + " " + reply.error;
                return false;
            }
            bool found = false;
            for (const QJsonValue &value : jsonArrayOf(reply.body)) {
                const QJsonObject p = value.toObject();
                if (p.value(QLatin1String("pid")).toInt() == child &&
                    p.value(QLatin1String("tracked")).toBool() &&
                    p.value(QLatin1String("session")).toString() == session) {
                    found = true;
                    break;
                }
            }
            if (found) {
                registered_ms = msSince(start);
                break;
            }
        }
        pump();
        const bool exitedEarly = !wrapper.running();
        // spawn forwards SIGTERM to CMD only once its handler is in place, which is after the registration:
        // a SIGTERM before it ends the wrapper alone and leaves CMD running. Wait for it (bounded), and count
        // how often it was not there yet when the registration showed.
        if (!exitedEarly && registered_ms >= 0 && !catchesSignal(wrapper.pid(), SIGTERM)) {
            ++forwarderLate;
            const auto handlerDeadline = BenchClock::now() + std::chrono::seconds(2);
            while (!catchesSignal(wrapper.pid(), SIGTERM) && BenchClock::now() < handlerDeadline)
                usleep(100);
        }
        const auto stopped = wrapper.stop();
        if (!exitedEarly && wrapper.process().exitStatus() == QProcess::CrashExit) {
            ++diedOfSignal;
            std::printf(
                "# WARNING spawn %d: the wrapper died of signal %d instead of forwarding SIGTERM; pid "
                "%d (CMD) may be left running\n",
                i, wrapper.process().exitCode(), int(child));
        }
        if (registered_ms < 0) {
            error = "spawn " + std::to_string(i) +
                    (exitedEarly ? ": the wrapper exited early (code " +
                                       std::to_string(wrapper.process().exitCode()) + ")"
                     : child == 0 ? ": no child within 10 s"
                                  : ": pid " + std::to_string(child) + " not tracked in session " +
                                        text(session) + " within 10 s") +
                    "; stderr: " + wrapper.stderrText();
            return false;
        }
        if (!stopped) {
            error = "spawn " + std::to_string(i) + " did not exit within 10 s of SIGTERM";
            return false;
        }
        if (i == 0)
            continue; // warm-up
        childMs.push_back(child_ms);
        registeredMs.push_back(registered_ms);
        afterChildMs.push_back(registered_ms - child_ms);
        stopMs.push_back(*stopped);
        pollsPerRun.push_back(polls);
    }
    figure("spawn_child_started", median(childMs), "ms");
    figure("spawn_child_started_max", maximum(childMs), "ms");
    figure("spawn_registered", median(registeredMs), "ms");
    figure("spawn_registered_max", maximum(registeredMs), "ms");
    figure("spawn_registered_after_child", median(afterChildMs), "ms");
    figure("spawn_registered_after_child_max", maximum(afterChildMs), "ms");
    figure("spawn_api_polls_per_run", median(pollsPerRun), "count");
    figure("spawn_sigterm_to_exit", median(stopMs), "ms");
    count("spawn_forwarder_not_ready_at_registration", forwarderLate);
    count("spawn_wrapper_died_of_sigterm", diedOfSignal);
    summary.add("# summary spawn: child runs after %.1f ms, tracked after %.1f ms (%.1f ms after the child)",
                median(childMs), median(registeredMs), median(afterChildMs));
    if (const auto ms = daemon.stop())
        figure("spawn_daemon_stop", *ms, "ms");
    std::fflush(stdout);
    return true;
}

std::optional<long long> timestampOf(QProcess &process)
{
    const QByteArray out = process.readAllStandardOutput().trimmed();
    bool ok = false;
    const long long ns = out.toLongLong(&ok);
    return ok && ns > 0 ? std::optional<long long>(ns) : std::nullopt;
}

// GET /api/doctor's pool.
std::optional<QJsonObject> poolOf(HttpConnection &http)
{
    const auto reply = http.request("GET", "/api/doctor");
    if (reply.status != 200)
        return std::nullopt;
    return QJsonDocument::fromJson(reply.body).object().value(QLatin1String("pool")).toObject();
}

bool measureHandover(const Options &options, Summary &summary, std::string &error)
{
    std::printf("# part handover: AGENTMON_MAX_CONCURRENT=1, holder `read x; date +%%s%%N`, waiter `date "
                "+%%s%%N`, %d repetitions\n",
                options.reps);
    Daemon daemon("handover");
    if (!daemon.start({{QStringLiteral("AGENTMON_MAX_CONCURRENT"), QStringLiteral("1")}}, error))
        return false;
    HttpConnection http(daemon.port(), daemon.token());
    std::vector<double> handoverMs, releaseMs;
    for (int i = 0; i < options.reps; ++i) {
        const QString prefix = QStringLiteral("handover %1").arg(i);
        Wrapper holder;
        if (!holder.start({QStringLiteral("spawn"), QStringLiteral("--wait"), QLatin1String(kSpawnWait),
                           QStringLiteral("--"), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                           QStringLiteral("read x; date +%s%N")},
                          daemon.clientEnvironment(), true, error))
            return false;
        // The holder's CMD runs: it has its slot.
        auto deadline = BenchClock::now() + std::chrono::milliseconds(kWaitMs);
        while (childrenOf(holder.pid()).empty() && holder.running() && BenchClock::now() < deadline) {
            pump();
            usleep(500);
        }
        if (childrenOf(holder.pid()).empty()) {
            error =
                text(prefix) + ": the holder's CMD did not start within 10 s; stderr: " + holder.stderrText();
            return false;
        }
        Wrapper waiter;
        if (!waiter.start({QStringLiteral("spawn"), QStringLiteral("--wait"), QLatin1String(kSpawnWait),
                           QStringLiteral("--"), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                           QStringLiteral("date +%s%N")},
                          daemon.clientEnvironment(), false, error))
            return false;
        // The waiter waits in the pool.
        deadline = BenchClock::now() + std::chrono::milliseconds(kWaitMs);
        bool waiting = false;
        while (!waiting && waiter.running() && BenchClock::now() < deadline) {
            const auto pool = poolOf(http);
            waiting = pool && pool->value(QLatin1String("waiting")).toInt() == 1 &&
                      pool->value(QLatin1String("in_use")).toInt() == 1;
            if (!waiting) {
                pump();
                usleep(1000);
            }
        }
        if (!waiting || !childrenOf(waiter.pid()).empty()) {
            error = text(prefix) + ": the waiter did not wait in the pool; stderr: " + waiter.stderrText();
            return false;
        }

        // Let the holder's CMD go.
        const auto release = BenchClock::now();
        holder.process().closeWriteChannel();
        const bool holderDone = holder.waitExit(kWaitMs);
        const double holderExitMs = msSince(release);
        const bool waiterDone = waiter.waitExit(kWaitMs);
        if (!holderDone || !waiterDone) {
            error = text(prefix) + ": " + (holderDone ? "the waiter" : "the holder") +
                    " did not exit within 10 s";
            return false;
        }
        const auto holderNs = timestampOf(holder.process());
        const auto waiterNs = timestampOf(waiter.process());
        if (holder.process().exitCode() != 0 || waiter.process().exitCode() != 0 || !holderNs || !waiterNs) {
            error = text(prefix) + ": exit codes " + std::to_string(holder.process().exitCode()) +
                    " (holder) " + std::to_string(waiter.process().exitCode()) +
                    " (waiter); stderr: " + holder.stderrText() + " / " + waiter.stderrText();
            return false;
        }
        handoverMs.push_back(double(*waiterNs - *holderNs) / 1e6);
        releaseMs.push_back(holderExitMs);
    }
    figure("handover", median(handoverMs), "ms");
    figure("handover_min", handoverMs.empty() ? 0.0 : *std::min_element(handoverMs.begin(), handoverMs.end()),
           "ms");
    figure("handover_max", maximum(handoverMs), "ms");
    figure("handover_stdin_close_to_holder_exit", median(releaseMs), "ms");
    summary.add("# summary handover: holder CMD exit -> waiter CMD runs: median %.1f ms, max %.1f ms",
                median(handoverMs), maximum(handoverMs));
    if (const auto ms = daemon.stop())
        figure("handover_daemon_stop", *ms, "ms");
    std::fflush(stdout);
    return true;
}

bool parseOptions(int argc, char **argv, Options &options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc)
            return false;
        const int value = std::atoi(argv[++i]);
        if (arg == "--reps" && value >= 1 && value <= 1000)
            options.reps = value;
        else if (arg == "--processes" && value >= 1 && value <= 30000)
            options.processes = value;
        else if (arg == "--api-seconds" && value >= 1 && value <= 600)
            options.apiSeconds = value;
        else
            return false;
    }
    return true;
}

int run(const Options &options, agentmon::bench::Sleepers &sleepers, const std::string &sleeperError)
{
    Summary summary;
    int failed = 0;
    std::string error;
    if (!sleeperError.empty()) {
        std::printf("# ERROR starting %d sleepers: %s\n", options.processes, sleeperError.c_str());
        ++failed;
    } else {
        try {
            if (!measureApi(options, sleepers, summary, error)) {
                std::printf("# ERROR part api: %s\n", error.c_str());
                ++failed;
            }
        } catch (const std::exception &e) {
            std::printf("# ERROR part api: %s\n", e.what());
            ++failed;
        }
    }
    sleepers.stop();
    std::fflush(stdout);

    error.clear();
    if (!measureSpawn(options, summary, error)) {
        std::printf("# ERROR part spawn: %s\n", error.c_str());
        ++failed;
    }
    std::fflush(stdout);
    error.clear();
    if (!measureHandover(options, summary, error)) {
        std::printf("# ERROR part handover: %s\n", error.c_str());
        ++failed;
    }
    for (const std::string &line : summary.lines)
        std::printf("%s\n", line.c_str());
    std::printf("# %s\n", failed ? "run INCOMPLETE, see the errors above" : "all parts ran");
    std::fflush(stdout);
    return failed ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    if (!parseOptions(argc, argv, options)) {
        std::fprintf(stderr, "usage: %s [--reps N] [--processes N] [--api-seconds S]\n", argv[0]);
        return 1;
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::signal(SIGINT, onFatalSignal);
    std::signal(SIGTERM, onFatalSignal);
    std::signal(SIGHUP, onFatalSignal);
    std::signal(SIGPIPE, SIG_IGN);

    utsname machine{};
    uname(&machine);
    std::printf("# machine: nproc %ld, kernel %s %s %s %s\n", sysconf(_SC_NPROCESSORS_ONLN), machine.sysname,
                machine.release, machine.version, machine.machine);
    std::printf("# agentmonctl: %s\n", AGENTMONCTL_PATH);
    std::printf("# %d repetitions per spawn/handover figure (medians unless named otherwise), %d registered "
                "processes, %d s of GET /api/processes\n",
                options.reps, options.processes, options.apiSeconds);

    // The sleepers first, before Qt (and any thread of it) exists.
    agentmon::bench::Sleepers sleepers;
    std::string sleeperError;
    const auto start = BenchClock::now();
    if (sleepers.growTo(options.processes, sleeperError))
        std::printf("# started sleepers: %zu in process group %d (%.0f ms)\n", sleepers.pids().size(),
                    int(sleepers.group()), msSince(start));

    int status = 1;
    try {
        QCoreApplication app(argc, argv);
        status = run(options, sleepers, sleeperError);
    } catch (const std::exception &e) {
        std::printf("# ERROR: %s\n", e.what());
    } catch (...) {
        std::printf("# ERROR: unknown exception\n");
    }
    sleepers.stop();
    return status;
}

#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace agentmon {

// A PSI trigger (the kernel's Documentation/accounting/psi.rst): a descriptor on a pressure file that turns
// exceptional (POLLPRI, a QSocketNotifier of type Exception) when tasks stalled for at least stallUs within
// a sliding window of windowUs. The kernel sends at most one event per window. Move-only; closing the
// descriptor removes the trigger.
class PsiTrigger {
public:
    struct Error {
        int code = 0;    // errno; ENOENT: no such pressure file (a kernel without PSI)
        QString message; // for people, naming the file and the reason
    };

    // kind is "some" or "full". Unprivileged users need a window that is a multiple of 2 s (at most 10 s);
    // a file that is not a kernel pressure file (a fixture) is refused before anything is written to it.
    static std::optional<PsiTrigger> arm(const QString &pressureFile, QByteArrayView kind, qint64 stallUs,
                                         qint64 windowUs, Error *error);

    PsiTrigger(PsiTrigger &&other) noexcept;
    PsiTrigger &operator=(PsiTrigger &&other) noexcept;
    PsiTrigger(const PsiTrigger &) = delete;
    PsiTrigger &operator=(const PsiTrigger &) = delete;
    ~PsiTrigger();

    int fd() const { return m_fd; }
    // What was written to the kernel, e.g. "some 200000 2000000".
    QByteArray spec() const { return m_spec; }

private:
    PsiTrigger(int fd, const QByteArray &spec) : m_fd(fd), m_spec(spec) {}
    int m_fd = -1;
    QByteArray m_spec;
};

} // namespace agentmon

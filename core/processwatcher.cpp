#include "processwatcher.h"

#include "processhandle.h"

#include <QSocketNotifier>

namespace agentmon {

struct ProcessWatcher::Watch {
    explicit Watch(ProcessHandle h) : handle(std::move(h)) {}
    ProcessHandle handle;
    std::unique_ptr<QSocketNotifier> notifier;
};

ProcessWatcher::ProcessWatcher(QObject *parent) : QObject(parent) {}

ProcessWatcher::~ProcessWatcher() = default;

bool ProcessWatcher::watch(const ProcessKey &key)
{
    if (m_watches.contains(key))
        return true;
    auto handle = ProcessHandle::open(key);
    if (!handle)
        return false;
    auto watch = std::make_shared<Watch>(std::move(*handle));
    watch->notifier = std::make_unique<QSocketNotifier>(watch->handle.fd(), QSocketNotifier::Read);
    connect(watch->notifier.get(), &QSocketNotifier::activated, this, [this, key] {
        auto it = m_watches.find(key);
        if (it == m_watches.end())
            return;
        const std::shared_ptr<Watch> done = *it; // keeps the notifier alive until this slot returns
        done->notifier->setEnabled(false);
        m_watches.erase(it);
        Q_EMIT exited(key);
    });
    m_watches.insert(key, std::move(watch));
    return true;
}

void ProcessWatcher::unwatch(const ProcessKey &key)
{
    auto it = m_watches.find(key);
    if (it == m_watches.end())
        return;
    (*it)->notifier->setEnabled(false);
    m_watches.erase(it);
}

bool ProcessWatcher::isWatching(const ProcessKey &key) const
{
    return m_watches.contains(key);
}

int ProcessWatcher::count() const
{
    return int(m_watches.size());
}

} // namespace agentmon

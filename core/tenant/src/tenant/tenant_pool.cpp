// The album's connection pool. Every connection is alike: one at a time
// serves the writer role (query_only off), up to maxReaders serve readers
// (query_only on), and an idle album keeps a single connection until the
// budget's sweep closes that one too (closeIdleAfter). Sessions
// lease a connection and give it back when they end; the pool never closes
// a leased connection. With a Registry, every connection also counts
// against the registry's ConnectionBudget.

#include "tenant/tenant_private.h"

#include "quire/session.h"
#include "tenant/connection_budget.h"

#include <QThread>

#include <utility>

namespace quire {

namespace {

// Cheap to take on every lease (a shared string and an id); formatted only
// when a lease has to be described.
QString threadLabel(const QString &name, Qt::HANDLE id)
{
    return name.isEmpty() ? QStringLiteral("0x%1").arg(quintptr(id), 0, 16) : name;
}

} // namespace

ConnectionOptions TenantPrivate::connectionOptions(Access access) const
{
    ConnectionOptions o;
    o.label = folder;
    o.kind = format.kind();
    o.busyTimeoutMs = options.busyTimeoutMs;
    o.journal = journal;
    o.readOnly = readOnly;
    o.immutable = immutable;
    // query_only rather than the read-only flag: a read-only connection
    // could not make the -shm file when it is the first one.
    o.queryOnly = access == Access::Read && !readOnly;
    return o;
}

TenantPrivate::~TenantPrivate()
{
    // No session is left (each holds this object), so every connection is idle.
    const int open = int(m_idle.size());
    m_idle.clear(); // the last close checkpoints the WAL and removes -wal and -shm
    if (m_budget) {
        m_budget->release(open);
        m_budget->forget(this);
    }
}

int TenantPrivate::idleCount() const
{
    return int(m_idle.size());
}

QString TenantPrivate::describeLeases() const
{
    QStringList held;
    const auto now = std::chrono::steady_clock::now();
    for (const LeaseRecord &lease : m_leases) {
        const double seconds = std::chrono::duration<double>(now - lease.since).count();
        held.append(QStringLiteral("%1 %2 session on thread %3 for %4 s")
                        .arg(lease.purpose.isEmpty() ? QStringLiteral("an unnamed")
                                                     : QLatin1Char('\'') + lease.purpose + QLatin1Char('\''),
                             lease.access == Access::Write ? QStringLiteral("write") : QStringLiteral("read"),
                             threadLabel(lease.threadName, lease.threadId))
                        .arg(seconds, 0, 'f', 1));
    }
    return held.join(QStringLiteral("; "));
}

Result<Session> TenantPrivate::lease(Access access, const QString &purpose)
{
    if (access == Access::Write && readOnly) {
        return error(ErrorCode::ReadOnly,
                     QStringLiteral("The %1 is read-only (%2); changes cannot be saved.")
                         .arg(format.kind(), readOnlyReason));
    }
    const auto deadline = std::chrono::steady_clock::now()
        + std::chrono::milliseconds(options.busyTimeoutMs);
    const int maxReaders = std::max(1, options.maxReaders);
    std::unique_lock lock(m_mutex);
    std::unique_ptr<Connection> connection;
    for (;;) {
        if (m_closed)
            return error(ErrorCode::NotFound, QStringLiteral("The %1 has been closed.").arg(format.kind()));
        // The writer may always have a connection beyond the readers', so a
        // write never waits for reads to end.
        // On a network file system each connection locks the file for good
        // (locking_mode=EXCLUSIVE): a second connection could never write,
        // so the album has one connection, taken by one session at a time.
        const bool free = journal == JournalMode::Rollback
            ? !m_writerLeased && m_readersLeased == 0
            : access == Access::Write ? !m_writerLeased : m_readersLeased < maxReaders;
        if (free) {
            if (access == Access::Write)
                m_writerLeased = true;
            else
                ++m_readersLeased;
            if (!m_idle.empty()) {
                connection = std::move(m_idle.back());
                m_idle.pop_back();
            } else {
                ++m_open; // reserved; opened below, outside the lock
            }
            break;
        }
        if (m_returned.wait_until(lock, deadline) == std::cv_status::timeout) {
            return error(ErrorCode::Busy,
                         access == Access::Write
                             ? QStringLiteral("Another session has been writing to the %1 for more "
                                              "than %2 ms (%3); try again when it has finished.")
                                   .arg(format.kind())
                                   .arg(options.busyTimeoutMs)
                                   .arg(describeLeases())
                             : QStringLiteral("All %1 reader connections of the %2 stayed busy "
                                              "for more than %3 ms.")
                                   .arg(maxReaders)
                                   .arg(format.kind())
                                   .arg(options.busyTimeoutMs));
        }
    }
    const quint64 leaseId = m_nextLease++;
    QThread *thread = QThread::currentThread();
    m_leases.push_back(LeaseRecord{leaseId, access, purpose, thread ? thread->objectName() : QString(),
                                   QThread::currentThreadId(), std::chrono::steady_clock::now()});
    m_memoryReleased = false;
    lock.unlock();

    if (connection) {
        // An idle connection changes role as needed.
        if (auto r = connection->setQueryOnly(access == Access::Read && !readOnly); !r) {
            giveBack(nullptr, access, leaseId);
            return r.error();
        }
    } else {
        bool evicted = false;
        Result<void> slot = m_budget ? m_budget->reserve(folder, deadline, &evicted) : Result<void>();
        if (evicted) {
            std::lock_guard relock(m_mutex);
            m_openedByEviction = true;
        }
        Result<std::unique_ptr<Connection>> opened =
            slot ? Connection::open(databasePath, connectionOptions(access))
                 : Result<std::unique_ptr<Connection>>(slot.error());
        if (opened) {
            // Its first statement, which parses the schema the session's
            // own statements need anyway.
            if (auto same = checkStillThisTenant(**opened); !same)
                opened = same.error();
        }
        if (!opened) {
            if (slot && m_budget)
                m_budget->release();
            giveBack(nullptr, access, leaseId);
            return opened.error();
        }
        connection = std::move(*opened);
    }
    return Session(shared_from_this(), std::move(connection), access, leaseId);
}

void TenantPrivate::giveBack(std::unique_ptr<Connection> connection, Access access, quint64 leaseId)
{
    if (access == Access::Write)
        ++writeSerial; // before the session is seen to end: a reader that then looks sees the change
    std::unique_lock lock(m_mutex);
    m_leases.remove_if([leaseId](const LeaseRecord &lease) { return lease.id == leaseId; });
    if (access == Access::Write)
        m_writerLeased = false;
    else
        --m_readersLeased;
    m_lastUsed = std::chrono::steady_clock::now();
    const bool closing = m_closed || !connection;
    if (closing)
        --m_open;
    else
        m_idle.push_back(std::move(connection));
    const bool openedByEviction = std::exchange(m_openedByEviction, false);
    lock.unlock();
    m_returned.notify_all();
    if (closing) {
        if (connection) {
            connection.reset(); // closes outside the lock
            if (m_budget)
                m_budget->release();
        }
    } else if (m_budget) {
        m_budget->touch(shared_from_this(), openedByEviction);
    }
}

TenantPrivate::Eviction TenantPrivate::evictIdle()
{
    std::unique_ptr<Connection> victim;
    Eviction eviction;
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            victim = std::move(m_idle.front()); // the longest idle
            m_idle.erase(m_idle.begin());
            --m_open;
        }
        eviction.closed = victim != nullptr;
        eviction.idleLeft = idleCount();
    }
    victim.reset(); // the next session opens a new one transparently
    return eviction;
}

void TenantPrivate::releaseIdleMemory()
{
    std::vector<std::unique_ptr<Connection>> surplus;
    {
        // Idle connections are only reachable through the pool, so holding
        // its mutex makes this thread their only user.
        std::lock_guard lock(m_mutex);
        // An idle album needs one connection; the others only hold memory.
        while (m_idle.size() > 1) {
            surplus.push_back(std::move(m_idle.front()));
            m_idle.erase(m_idle.begin());
            --m_open;
        }
        for (const auto &connection : m_idle)
            connection->releaseMemory();
        m_memoryReleased = true;
    }
    const int closed = int(surplus.size());
    surplus.clear();
    if (m_budget)
        m_budget->release(closed);
}

void TenantPrivate::closeIdleConnections()
{
    std::vector<std::unique_ptr<Connection>> idle;
    {
        std::lock_guard lock(m_mutex);
        idle = std::move(m_idle);
        m_idle.clear();
        m_open -= int(idle.size());
        m_memoryReleased = true;
    }
    const int closed = int(idle.size());
    idle.clear(); // outside the lock; the last close in the system checkpoints
    if (m_budget)
        m_budget->release(closed);
}

void TenantPrivate::sweepIdle(std::chrono::steady_clock::time_point releaseBefore,
                              std::chrono::steady_clock::time_point closeBefore)
{
    bool close = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_idle.empty() || !m_leases.empty())
            return;
        close = m_lastUsed <= closeBefore;
        const bool release = !m_memoryReleased && m_lastUsed <= releaseBefore;
        if (!close && !release)
            return;
    }
    if (close)
        closeIdleConnections();
    else
        releaseIdleMemory();
}

qint64 TenantPrivate::idleCacheBytes() const
{
    std::lock_guard lock(m_mutex);
    qint64 bytes = 0;
    for (const auto &connection : m_idle)
        bytes += connection->cacheBytes();
    return bytes;
}

Result<void> TenantPrivate::close(std::chrono::milliseconds wait)
{
    std::unique_lock lock(m_mutex);
    m_closed = true; // no new leases from now on
    m_returned.notify_all();
    if (!m_returned.wait_for(lock, wait, [this] { return m_leases.empty(); })) {
        const QString held = describeLeases();
        m_closed = false;
        return error(ErrorCode::Busy,
                     QStringLiteral("The %1 cannot be closed: it is still in use after %2 ms by %3.")
                         .arg(format.kind())
                         .arg(wait.count())
                         .arg(held));
    }
    std::vector<std::unique_ptr<Connection>> connections = std::move(m_idle);
    m_idle.clear();
    m_open = 0;
    lock.unlock();
    const int closed = int(connections.size());
    connections.clear(); // the last close checkpoints and removes -wal and -shm
    if (m_budget) {
        m_budget->release(closed);
        m_budget->forget(this);
    }
    return {};
}

QString TenantPrivate::name() const
{
    std::lock_guard lock(m_mutex);
    return m_name;
}

void TenantPrivate::setCachedName(const QString &name)
{
    std::lock_guard lock(m_mutex);
    m_name = name;
}

int TenantPrivate::leased() const
{
    std::lock_guard lock(m_mutex);
    return int(m_leases.size());
}

int TenantPrivate::openConnections() const
{
    std::lock_guard lock(m_mutex);
    return m_open;
}

bool TenantPrivate::isClosed() const
{
    std::lock_guard lock(m_mutex);
    return m_closed;
}

} // namespace quire

// The album's connection pool: one writer, up to maxReaders readers.
// Sessions lease a connection and give it back when they end; the pool
// never closes a leased connection. With a Registry, every connection also
// counts against the registry's ConnectionBudget.

#include "session/album_private.h"

#include "quire/session.h"
#include "registry/connection_budget.h"

#include <QThread>

#include <sqlite3.h>

namespace quire {

namespace {

QString threadName()
{
    QThread *thread = QThread::currentThread();
    const QString name = thread ? thread->objectName() : QString();
    return name.isEmpty() ? QStringLiteral("0x%1").arg(quintptr(QThread::currentThreadId()), 0, 16) : name;
}

} // namespace

ConnectionOptions AlbumPrivate::connectionOptions(Access access) const
{
    ConnectionOptions o;
    o.label = folder;
    o.busyTimeoutMs = options.busyTimeoutMs;
    o.journal = journal;
    o.readOnly = readOnly;
    o.immutable = immutable;
    // Readers share the writer's file; query_only keeps them from writing
    // without the read-only flag, which would stop them creating the -shm.
    o.queryOnly = access == Access::Read && !readOnly;
    return o;
}

AlbumPrivate::~AlbumPrivate()
{
    const int open = int(m_idleReaders.size()) + (m_writer ? 1 : 0);
    // Readers first: the last connection to close checkpoints the WAL and
    // removes -wal and -shm, and that should be the writer.
    m_idleReaders.clear();
    m_writer.reset();
    if (m_budget) {
        m_budget->release(open);
        m_budget->forget(this);
    }
}

int AlbumPrivate::idleCount() const
{
    return int(m_idleReaders.size()) + (m_writer && !m_writerLeased ? 1 : 0);
}

QString AlbumPrivate::describeLeases() const
{
    QStringList held;
    const auto now = std::chrono::steady_clock::now();
    for (const LeaseRecord &lease : m_leases) {
        const double seconds = std::chrono::duration<double>(now - lease.since).count();
        held.append(QStringLiteral("%1 %2 session on thread %3 for %4 s")
                        .arg(lease.purpose.isEmpty() ? QStringLiteral("an unnamed") : QLatin1Char('\'') + lease.purpose + QLatin1Char('\''),
                             lease.access == Access::Write ? QStringLiteral("write") : QStringLiteral("read"),
                             lease.thread)
                        .arg(seconds, 0, 'f', 1));
    }
    return held.join(QStringLiteral("; "));
}

Result<Session> AlbumPrivate::lease(Access access, const QString &purpose)
{
    if (access == Access::Write && readOnly) {
        return error(ErrorCode::ReadOnly,
                     QStringLiteral("The album is read-only (%1); changes cannot be saved.")
                         .arg(readOnlyReason));
    }
    const auto deadline = std::chrono::steady_clock::now()
        + std::chrono::milliseconds(options.busyTimeoutMs);
    std::unique_lock lock(m_mutex);
    std::unique_ptr<Connection> connection;
    bool openNew = false;
    for (;;) {
        if (m_closed)
            return error(ErrorCode::NotFound, QStringLiteral("The album has been closed."));
        if (access == Access::Write) {
            if (!m_writerLeased) {
                m_writerLeased = true;
                connection = std::move(m_writer);
                openNew = !connection;
                break;
            }
        } else if (!m_idleReaders.empty()) {
            connection = std::move(m_idleReaders.back());
            m_idleReaders.pop_back();
            break;
        } else if (m_readersOpen < std::max(1, options.maxReaders)) {
            ++m_readersOpen;
            openNew = true;
            break;
        }
        if (m_returned.wait_until(lock, deadline) == std::cv_status::timeout) {
            return error(ErrorCode::Busy,
                         access == Access::Write
                             ? QStringLiteral("Another session has been writing to the album for more "
                                              "than %1 ms (%2); try again when it has finished.")
                                   .arg(options.busyTimeoutMs)
                                   .arg(describeLeases())
                             : QStringLiteral("All %1 reader connections of the album stayed busy "
                                              "for more than %2 ms.")
                                   .arg(options.maxReaders)
                                   .arg(options.busyTimeoutMs));
        }
    }
    const quint64 leaseId = m_nextLease++;
    m_leases.push_back(LeaseRecord{leaseId, access, purpose, threadName(), std::chrono::steady_clock::now()});
    lock.unlock();

    if (openNew) {
        // Opened outside the lock: other sessions go on meanwhile.
        Result<void> slot = m_budget ? m_budget->reserve(folder, deadline) : Result<void>();
        Result<std::unique_ptr<Connection>> opened =
            slot ? Connection::open(databasePath, connectionOptions(access)) : Result<std::unique_ptr<Connection>>(slot.error());
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

void AlbumPrivate::giveBack(std::unique_ptr<Connection> connection, Access access, quint64 leaseId)
{
    std::unique_lock lock(m_mutex);
    m_leases.remove_if([leaseId](const LeaseRecord &lease) { return lease.id == leaseId; });
    if (access == Access::Write)
        m_writerLeased = false;
    const bool closing = m_closed || !connection;
    if (closing) {
        if (access == Access::Read)
            --m_readersOpen;
    } else if (access == Access::Write) {
        m_writer = std::move(connection);
    } else {
        m_idleReaders.push_back(std::move(connection));
    }
    lock.unlock();
    m_returned.notify_all();
    if (closing) {
        if (connection) {
            connection.reset(); // closes outside the lock
            if (m_budget)
                m_budget->release();
        }
    } else if (m_budget) {
        m_budget->touch(shared_from_this());
    }
}

AlbumPrivate::Eviction AlbumPrivate::evictIdle()
{
    std::unique_ptr<Connection> victim;
    Eviction eviction;
    {
        std::lock_guard lock(m_mutex);
        if (!m_idleReaders.empty()) {
            // The oldest idle reader (readers are taken from the back).
            victim = std::move(m_idleReaders.front());
            m_idleReaders.erase(m_idleReaders.begin());
            --m_readersOpen;
        } else if (m_writer && !m_writerLeased) {
            victim = std::move(m_writer);
        }
        eviction.closed = victim != nullptr;
        eviction.idleLeft = idleCount();
    }
    victim.reset(); // the next session opens a new one transparently
    return eviction;
}

void AlbumPrivate::releaseIdleMemory()
{
    // Idle connections are only reachable through the pool, so holding its
    // mutex makes this thread their only user.
    std::lock_guard lock(m_mutex);
    for (const auto &reader : m_idleReaders)
        reader->releaseMemory();
    if (m_writer && !m_writerLeased)
        m_writer->releaseMemory();
}

qint64 AlbumPrivate::idleCacheBytes() const
{
    std::lock_guard lock(m_mutex);
    qint64 bytes = 0;
    auto add = [&bytes](const Connection &connection) {
        int current = 0, highwater = 0;
        if (sqlite3_db_status(connection.handle(), SQLITE_DBSTATUS_CACHE_USED, &current, &highwater, 0) == SQLITE_OK)
            bytes += current;
    };
    for (const auto &reader : m_idleReaders)
        add(*reader);
    if (m_writer && !m_writerLeased)
        add(*m_writer);
    return bytes;
}

Result<void> AlbumPrivate::close(std::chrono::milliseconds wait)
{
    std::unique_lock lock(m_mutex);
    m_closed = true; // no new leases from now on
    m_returned.notify_all();
    if (!m_returned.wait_for(lock, wait, [this] { return m_leases.empty(); })) {
        const QString held = describeLeases();
        m_closed = false;
        return error(ErrorCode::Busy,
                     QStringLiteral("The album cannot be closed: it is still in use after %1 ms by %2.")
                         .arg(wait.count())
                         .arg(held));
    }
    std::vector<std::unique_ptr<Connection>> readers = std::move(m_idleReaders);
    m_idleReaders.clear();
    std::unique_ptr<Connection> writer = std::move(m_writer);
    m_readersOpen = 0;
    lock.unlock();
    const int closed = int(readers.size()) + (writer ? 1 : 0);
    readers.clear();
    writer.reset(); // the last close checkpoints and removes -wal and -shm
    if (m_budget) {
        m_budget->release(closed);
        m_budget->forget(this);
    }
    return {};
}

QString AlbumPrivate::name() const
{
    std::lock_guard lock(m_mutex);
    return m_name;
}

void AlbumPrivate::setCachedName(const QString &name)
{
    std::lock_guard lock(m_mutex);
    m_name = name;
}

int AlbumPrivate::leased() const
{
    std::lock_guard lock(m_mutex);
    return int(m_leases.size());
}

int AlbumPrivate::openConnections() const
{
    std::lock_guard lock(m_mutex);
    return m_readersOpen + (m_writer || m_writerLeased ? 1 : 0);
}

bool AlbumPrivate::isClosed() const
{
    std::lock_guard lock(m_mutex);
    return m_closed;
}

} // namespace quire

// The album's connection pool: one writer, up to maxReaders readers.
// Sessions lease a connection and give it back when they end; the pool
// never closes a leased connection.

#include "session/album_private.h"

#include "quire/session.h"

namespace quire {

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
    // Readers first: the last connection to close checkpoints the WAL and
    // removes -wal and -shm, and that should be the writer.
    m_idleReaders.clear();
    m_writer.reset();
}

Result<Session> AlbumPrivate::lease(Access access)
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
                             ? QStringLiteral("Another session in this program has been writing to "
                                              "the album for more than %1 ms; try again when it "
                                              "has finished.")
                                   .arg(options.busyTimeoutMs)
                             : QStringLiteral("All %1 reader connections of the album stayed busy "
                                              "for more than %2 ms.")
                                   .arg(options.maxReaders)
                                   .arg(options.busyTimeoutMs));
        }
    }
    ++m_leased;
    lock.unlock();

    if (openNew) {
        // Opened outside the lock: other sessions go on meanwhile.
        Result<std::unique_ptr<Connection>> opened = Connection::open(databasePath, connectionOptions(access));
        if (!opened) {
            lock.lock();
            --m_leased;
            if (access == Access::Write)
                m_writerLeased = false;
            else
                --m_readersOpen;
            m_returned.notify_all();
            return opened.error();
        }
        connection = std::move(*opened);
    }
    return Session(shared_from_this(), std::move(connection), access);
}

void AlbumPrivate::giveBack(std::unique_ptr<Connection> connection, Access access)
{
    std::unique_lock lock(m_mutex);
    --m_leased;
    if (access == Access::Write)
        m_writerLeased = false;
    if (m_closed || !connection) {
        if (access == Access::Read)
            --m_readersOpen;
        lock.unlock();
        m_returned.notify_all();
        return; // the connection closes here, outside the lock
    }
    if (access == Access::Write)
        m_writer = std::move(connection);
    else
        m_idleReaders.push_back(std::move(connection));
    lock.unlock();
    m_returned.notify_all();
}

Result<void> AlbumPrivate::close(std::chrono::milliseconds wait)
{
    std::unique_lock lock(m_mutex);
    m_closed = true; // no new leases from now on
    m_returned.notify_all();
    if (!m_returned.wait_for(lock, wait, [this] { return m_leased == 0; })) {
        const int held = m_leased;
        m_closed = false;
        return error(ErrorCode::Busy,
                     QStringLiteral("The album cannot be closed: %1 session(s) are still using it "
                                    "after %2 ms.")
                         .arg(held)
                         .arg(wait.count()));
    }
    std::vector<std::unique_ptr<Connection>> readers = std::move(m_idleReaders);
    m_idleReaders.clear();
    std::unique_ptr<Connection> writer = std::move(m_writer);
    m_readersOpen = 0;
    lock.unlock();
    readers.clear();
    writer.reset(); // the last close checkpoints and removes -wal and -shm
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
    return m_leased;
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

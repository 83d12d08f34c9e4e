#include "quire/transaction.h"

#include "quire/connection.h"

#include <QElapsedTimer>
#include <QThread>

namespace quire {

namespace {

QByteArray savepointName(int depth)
{
    return "quire_sp_" + QByteArray::number(depth);
}

} // namespace

Transaction::Transaction(Connection *connection, int savepoint)
    : m_connection(connection), m_savepoint(savepoint)
{
}

Transaction::Transaction(Transaction &&other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr)), m_savepoint(other.m_savepoint)
{
}

Transaction &Transaction::operator=(Transaction &&other) noexcept
{
    if (this != &other) {
        if (m_connection)
            (void)rollback();
        m_connection = std::exchange(other.m_connection, nullptr);
        m_savepoint = other.m_savepoint;
    }
    return *this;
}

Transaction::~Transaction()
{
    if (m_connection)
        (void)rollback();
}

Result<Transaction> Transaction::begin(Connection &connection, bool write)
{
    if (connection.inTransaction()) {
        const int depth = connection.m_savepointDepth + 1;
        if (auto r = connection.exec("SAVEPOINT " + savepointName(depth)); !r)
            return r.error();
        connection.m_savepointDepth = depth;
        return Transaction(&connection, depth);
    }

    // BEGIN IMMEDIATE takes the write lock up front, so a write transaction
    // never has to upgrade from a read and fail with SQLITE_BUSY without the
    // busy handler being called. The busy handler waits on lock contention;
    // the loop covers the BUSY results SQLite returns without calling it
    // (WAL recovery by another connection, for one).
    // Nothing from a transaction that ended without Transaction (SQLite
    // rolled it back, a session was given back) follows this one.
    connection.m_followUps.clear();
    const QByteArray sql = write ? "BEGIN IMMEDIATE" : "BEGIN";
    const int timeoutMs = connection.options().busyTimeoutMs;
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        Result<void> begun = connection.exec(sql);
        if (begun)
            return Transaction(&connection, 0);
        if (begun.error().code() != ErrorCode::Busy || clock.elapsed() >= timeoutMs) {
            if (begun.error().code() == ErrorCode::Busy) {
                return Error(ErrorCode::Busy, connection.label(),
                             QStringLiteral("Another program or connection kept the database locked "
                                            "for more than %1 ms; try again when it has finished.")
                                 .arg(timeoutMs),
                             begun.error().sqliteCode())
                    .withKind(connection.kind());
            }
            return begun.error();
        }
        QThread::msleep(5);
    }
}

Result<void> Transaction::commit()
{
    if (!m_connection)
        return Error(ErrorCode::InvalidArgument, {}, QStringLiteral("The transaction has already ended."));
    if (m_savepoint > 0) {
        Result<void> released = m_connection->exec("RELEASE " + savepointName(m_savepoint));
        if (!released)
            return released;
        m_connection->m_savepointDepth = m_savepoint - 1;
        m_connection = nullptr;
        return {};
    }
    Result<void> committed = m_connection->exec("COMMIT");
    if (!committed)
        return committed; // still active: the destructor or rollback() ends it
    Connection *connection = std::exchange(m_connection, nullptr);
    // Taken out first: a follow-up may run transactions of its own.
    auto followUps = std::exchange(connection->m_followUps, {});
    Result<void> followed;
    for (auto &[key, followUp] : followUps) {
        Result<void> ran = followUp->run(*connection);
        if (!ran && followed)
            followed = ran.error().withChangeKept();
    }
    return followed;
}

Result<void> Transaction::rollback()
{
    if (!m_connection)
        return {};
    Connection *connection = std::exchange(m_connection, nullptr);
    if (m_savepoint > 0) {
        const QByteArray name = savepointName(m_savepoint);
        connection->m_savepointDepth = m_savepoint - 1;
        if (!connection->inTransaction()) // SQLite already rolled everything back
            return {};
        return connection->exec("ROLLBACK TO " + name + "; RELEASE " + name);
    }
    connection->m_savepointDepth = 0;
    connection->m_followUps.clear();
    // After some errors (SQLITE_FULL, SQLITE_IOERR) SQLite has already
    // rolled back on its own.
    if (!connection->inTransaction())
        return {};
    return connection->exec("ROLLBACK");
}

} // namespace quire

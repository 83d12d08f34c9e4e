#pragma once
// Session: one unit of work on one tenant, holding one leased connection
// until it ends. A write session holds the tenant's single writer; a read
// session one of its readers (in WAL mode they run beside the writer).
//
// Thread safety: use a Session on one thread at a time; it may be moved to
// and ended on any thread. Its operations outside an explicit Transaction
// each run in a transaction of their own.

#include "quire/connection.h"
#include "quire/rows.h"
#include "quire/tenant.h"
#include "quire/transaction.h"

#include <QVariantList>

#include <memory>

namespace quire {

class QUIRE_CORE_EXPORT Session
{
public:
    Session(Session &&other) noexcept;
    Session &operator=(Session &&other) noexcept;
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;
    ~Session();

    Tenant tenant() const;
    bool isWritable() const { return m_access == Access::Write; }

    // BEGIN IMMEDIATE on a write session (BEGIN on a read one, for a
    // consistent snapshot); a SAVEPOINT when a transaction is already open.
    Result<Transaction> transaction();

    // SQL of your own, with bound values (?1, ?2, ... or ?, in order:
    // null, integers, doubles, strings, byte arrays, bools and dates as
    // milliseconds since the epoch). Statements come from the connection's
    // cache, so running the same text again does not prepare it again.
    // Outside a transaction, exec() on a write session runs in one of its
    // own (BEGIN IMMEDIATE). Errors name the tenant.
    //
    // exec: a statement that returns no rows; the rows it changed.
    Result<qint64> exec(const QByteArray &sql, const QVariantList &values = {});
    // query: every row of a SELECT, with the column names.
    Result<Rows> query(const QByteArray &sql, const QVariantList &values = {});
    // A cached statement to bind and step yourself (the fastest path for
    // many rows); reset when it goes out of scope.
    Result<Statement> statement(const QByteArray &sql);

    // The raw connection, for SQL of your own. Do not close or keep it.
    Connection &connection() { return *m_connection; }

    // Builds an Error about this session's tenant.
    Error error(ErrorCode code, const QString &message) const;

private:
    friend class TenantPrivate;
    Session(std::shared_ptr<TenantPrivate> album, std::unique_ptr<Connection> connection,
            Access access, quint64 lease);
    void end();

    std::shared_ptr<TenantPrivate> m_album;
    std::unique_ptr<Connection> m_connection;
    Access m_access = Access::Read;
    quint64 m_lease = 0; // the album's record of this lease
};

} // namespace quire

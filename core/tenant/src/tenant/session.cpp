#include "quire/session.h"

#include "tenant/tenant_private.h"

#include <optional>

namespace quire {

Session::Session(std::shared_ptr<TenantPrivate> album, std::unique_ptr<Connection> connection,
                 Access access, quint64 lease)
    : m_album(std::move(album)), m_connection(std::move(connection)), m_access(access), m_lease(lease)
{
}

Session::Session(Session &&other) noexcept
    : m_album(std::move(other.m_album)),
      m_connection(std::move(other.m_connection)),
      m_access(other.m_access),
      m_lease(other.m_lease)
{
}

Session &Session::operator=(Session &&other) noexcept
{
    if (this != &other) {
        end();
        m_album = std::move(other.m_album);
        m_connection = std::move(other.m_connection);
        m_access = other.m_access;
        m_lease = other.m_lease;
    }
    return *this;
}

Session::~Session()
{
    end();
}

void Session::end()
{
    if (!m_album)
        return;
    // A transaction left open by a caller is rolled back, so the next
    // session starts clean.
    if (m_connection && m_connection->inTransaction())
        (void)m_connection->exec("ROLLBACK");
    m_album->giveBack(std::move(m_connection), m_access, m_lease);
    m_album.reset();
}

Tenant Session::tenant() const
{
    return TenantPrivate::handle(m_album);
}

Result<Transaction> Session::transaction()
{
    return Transaction::begin(*m_connection, m_access == Access::Write);
}

Result<Statement> Session::statement(const QByteArray &sql)
{
    return m_connection->cached(sql);
}

Result<qint64> Session::exec(const QByteArray &sql, const QVariantList &values)
{
    // A write outside a transaction gets one of its own, begun IMMEDIATE,
    // so it never has to upgrade a read lock (which fails without waiting).
    std::optional<Transaction> own;
    if (m_access == Access::Write && !m_connection->inTransaction()) {
        Result<Transaction> begun = transaction();
        if (!begun)
            return begun.error();
        own.emplace(std::move(*begun));
    }
    Result<Statement> statement = m_connection->cached(sql);
    if (!statement)
        return statement.error();
    statement->bindAll(values);
    if (auto r = statement->run(); !r)
        return r.error();
    const qint64 changed = m_connection->changes();
    if (own) {
        if (auto r = own->commit(); !r)
            return r.error();
    }
    return changed;
}

Result<Rows> Session::query(const QByteArray &sql, const QVariantList &values)
{
    Result<Statement> statement = m_connection->cached(sql);
    if (!statement)
        return statement.error();
    statement->bindAll(values);
    Rows rows;
    rows.columns = statement->columnNames();
    for (;;) {
        Result<bool> row = statement->step();
        if (!row)
            return row.error();
        if (!*row)
            return rows;
        rows.values.append(statement->values());
    }
}

Error Session::error(ErrorCode code, const QString &message) const
{
    return m_album ? m_album->error(code, message) : Error(code, QString(), message);
}

} // namespace quire

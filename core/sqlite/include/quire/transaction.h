#pragma once
// Transaction: commits when asked, rolls back when it goes out of scope
// uncommitted (an early return, an error). Nested transactions on the same
// session are savepoints.

#include "quire/error.h"

namespace quire {

class Connection;

class QUIRE_CORE_EXPORT Transaction
{
public:
    // Begins on `connection`: BEGIN IMMEDIATE when `write`, BEGIN otherwise;
    // a savepoint when a transaction is open already. SQLITE_BUSY is retried
    // until the connection's busy timeout, then reported as ErrorCode::Busy.
    static Result<Transaction> begin(Connection &connection, bool write);

    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&other) noexcept;
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    Result<void> commit();
    Result<void> rollback();
    bool isActive() const { return m_connection != nullptr; }

private:
    Transaction(Connection *connection, int savepoint);

    Connection *m_connection = nullptr;
    int m_savepoint = 0; // 0: the outer BEGIN; N: SAVEPOINT quire_sp_N
};

} // namespace quire

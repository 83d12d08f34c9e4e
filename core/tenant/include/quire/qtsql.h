#pragma once
// QtSqlConnection: a QSqlDatabase on an album, for code that wants QSqlQuery
// or QSqlQueryModel. Qt's QSQLITE driver loads the same system libsqlite3,
// so it is one SQLite in the process, with the same locks.
//
// Thread safety: QSqlDatabase belongs to the thread that opened it, so a
// QtSqlConnection is opened on, used on and destroyed on one thread.
// Destroy every QSqlQuery and model made from database() before the
// QtSqlConnection: it then removes its connection name with no
// "connection is still in use" warning.

#include "quire/tenant.h"
#include "quire/error.h"

#include <QSqlDatabase>
#include <QString>

namespace quire {

class QUIRE_CORE_EXPORT QtSqlConnection
{
public:
    // Opens a connection named uniquely for this album and this handle.
    // Read-only albums open read-only; Quire's pragmas are applied.
    static Result<QtSqlConnection> open(const Tenant &album);

    QtSqlConnection(QtSqlConnection &&other) noexcept;
    QtSqlConnection &operator=(QtSqlConnection &&other) noexcept;
    QtSqlConnection(const QtSqlConnection &) = delete;
    QtSqlConnection &operator=(const QtSqlConnection &) = delete;
    ~QtSqlConnection();

    QSqlDatabase database() const;
    QString connectionName() const { return m_name; }

private:
    explicit QtSqlConnection(QString name) : m_name(std::move(name)) {}
    void release();
    QString m_name;
};

} // namespace quire

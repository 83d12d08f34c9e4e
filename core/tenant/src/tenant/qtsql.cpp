#include "quire/qtsql.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <sqlite3.h>

namespace quire {

Result<QtSqlConnection> QtSqlConnection::open(const Tenant &album)
{
    if (album.isNull() || album.isClosed())
        return Error(ErrorCode::InvalidArgument, album.folder(), QStringLiteral("The %1 is not open.").arg(album.isNull() ? QStringLiteral("tenant") : album.format().kind()));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        return Error(ErrorCode::NotFound, album.folder(),
                     QStringLiteral("Qt's SQLite driver (QSQLITE) is not installed "
                                    "(Debian package libqt6sql6-sqlite)."));
    }
    // Unique per handle (a fresh UUID), readable in Qt's own warnings.
    const QString connectionName = QStringLiteral("quire:%1:%2")
                                       .arg(album.uuid().toString(QUuid::WithoutBraces),
                                            QUuid::createUuid().toString(QUuid::WithoutBraces));
    QtSqlConnection handle(connectionName);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000");
    QString databaseName = album.databasePath();
    if (album.isReadOnly()) {
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
        if (album.readOnlyReason().contains(QLatin1String("media"))) {
            options += QStringLiteral(";QSQLITE_OPEN_URI");
            databaseName = QString::fromUtf8(QUrl::fromLocalFile(databaseName).toEncoded() + "?immutable=1");
        }
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(databaseName);
        db.setConnectOptions(options);
        if (!db.open()) {
            return Error(ErrorCode::Io, album.folder(),
                         QStringLiteral("Qt's SQLite driver could not open the %1: %2")
                             .arg(album.format().kind(), db.lastError().text()));
        }
        // The same safety settings as Quire's own connections.
        const QVariant handleVariant = db.driver()->handle();
        if (handleVariant.isValid() && qstrcmp(handleVariant.typeName(), "sqlite3*") == 0) {
            sqlite3 *raw = *static_cast<sqlite3 *const *>(handleVariant.data());
            sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
            sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
        }
        QSqlQuery pragma(db);
        pragma.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    }
    return handle;
}

QtSqlConnection::QtSqlConnection(QtSqlConnection &&other) noexcept
    : m_name(std::exchange(other.m_name, QString()))
{
}

QtSqlConnection &QtSqlConnection::operator=(QtSqlConnection &&other) noexcept
{
    if (this != &other) {
        release();
        m_name = std::exchange(other.m_name, QString());
    }
    return *this;
}

QtSqlConnection::~QtSqlConnection()
{
    release();
}

QSqlDatabase QtSqlConnection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

void QtSqlConnection::release()
{
    if (m_name.isEmpty())
        return;
    {
        // Close through a copy that is gone before removeDatabase(), so Qt
        // sees no QSqlDatabase still using the name.
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
    m_name.clear();
}

} // namespace quire

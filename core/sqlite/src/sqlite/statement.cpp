#include "quire/statement.h"

#include "quire/connection.h"

#include <QDateTime>

#include <sqlite3.h>

namespace quire {

Statement::Statement(sqlite3_stmt *stmt, Connection *connection, bool cached)
    : m_stmt(stmt), m_connection(connection), m_cached(cached)
{
}

Statement::Statement(Statement &&other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)),
      m_connection(other.m_connection),
      m_cached(other.m_cached),
      m_bindError(other.m_bindError),
      m_bindErrorIndex(other.m_bindErrorIndex)
{
}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        this->~Statement();
        new (this) Statement(std::move(other));
    }
    return *this;
}

Statement::~Statement()
{
    if (!m_stmt)
        return;
    if (m_cached) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        m_connection->giveBack(m_stmt);
    } else {
        sqlite3_finalize(m_stmt);
    }
}

void Statement::noteBind(int resultCode, int index)
{
    if (resultCode != SQLITE_OK && m_bindError == 0) {
        m_bindError = resultCode;
        m_bindErrorIndex = index;
    }
}

Statement &Statement::bind(int index, qint64 value)
{
    noteBind(sqlite3_bind_int64(m_stmt, index, value), index);
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    noteBind(sqlite3_bind_double(m_stmt, index, value), index);
    return *this;
}

Statement &Statement::bind(int index, const QString &text)
{
    if (text.isNull())
        return bindNull(index);
    // SQLite keeps its own copy (TRANSIENT) in the database's encoding.
    noteBind(sqlite3_bind_text16(m_stmt, index, text.utf16(), int(text.size() * sizeof(char16_t)),
                                 SQLITE_TRANSIENT),
             index);
    return *this;
}

Statement &Statement::bindText(int index, const QByteArray &utf8)
{
    noteBind(sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT),
             index);
    return *this;
}

Statement &Statement::bindBlob(int index, const QByteArray &bytes)
{
    if (bytes.isNull())
        return bindNull(index);
    noteBind(sqlite3_bind_blob64(m_stmt, index, bytes.constData(), sqlite3_uint64(bytes.size()),
                                 SQLITE_TRANSIENT),
             index);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    noteBind(sqlite3_bind_null(m_stmt, index), index);
    return *this;
}

Statement &Statement::bindColumn(int index, const Statement &from, int column)
{
    noteBind(sqlite3_bind_value(m_stmt, index, sqlite3_column_value(from.m_stmt, column)), index);
    return *this;
}

Statement &Statement::bindValue(int index, const QVariant &value)
{
    if (value.isNull())
        return bindNull(index);
    switch (value.metaType().id()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Char:
    case QMetaType::UChar:
        return bind(index, value.toLongLong());
    case QMetaType::ULong:
    case QMetaType::ULongLong:
        return bind(index, qint64(value.toULongLong()));
    case QMetaType::Double:
    case QMetaType::Float:
        return bind(index, value.toDouble());
    case QMetaType::QByteArray:
        return bindBlob(index, value.toByteArray());
    case QMetaType::QDateTime:
        return bind(index, value.toDateTime().toMSecsSinceEpoch());
    default:
        return bind(index, value.toString());
    }
}

Statement &Statement::bindAll(const QVariantList &values)
{
    for (qsizetype i = 0; i < values.size(); ++i)
        bindValue(int(i + 1), values[i]);
    return *this;
}

QVariant Statement::value(int column) const
{
    switch (sqlite3_column_type(m_stmt, column)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_stmt, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_stmt, column));
    case SQLITE_TEXT:
        return QVariant(text(column));
    case SQLITE_BLOB:
        return QVariant(blob(column));
    default:
        return QVariant();
    }
}

QVariantList Statement::values() const
{
    QVariantList row;
    const int n = columnCount();
    row.reserve(n);
    for (int i = 0; i < n; ++i)
        row.append(value(i));
    return row;
}

QStringList Statement::columnNames() const
{
    QStringList names;
    const int n = columnCount();
    for (int i = 0; i < n; ++i)
        names.append(QString::fromUtf8(sqlite3_column_name(m_stmt, i)));
    return names;
}

Result<bool> Statement::step()
{
    if (m_bindError != 0) {
        const int rc = std::exchange(m_bindError, 0);
        return m_connection->error(rc, QStringLiteral("Binding parameter %1").arg(m_bindErrorIndex));
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error error = m_connection->error(rc, {});
    sqlite3_reset(m_stmt);
    return error;
}

Result<void> Statement::run()
{
    for (;;) {
        Result<bool> row = step();
        if (!row)
            return row.error();
        if (!*row)
            break;
    }
    sqlite3_reset(m_stmt);
    return {};
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_bindError = 0;
}

int Statement::columnCount() const
{
    return sqlite3_column_count(m_stmt);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

qint64 Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

QString Statement::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    if (!data)
        return {};
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
}

QByteArray Statement::blob(int column) const
{
    const void *data = sqlite3_column_blob(m_stmt, column);
    if (!data)
        return {};
    return QByteArray(static_cast<const char *>(data), sqlite3_column_bytes(m_stmt, column));
}

} // namespace quire

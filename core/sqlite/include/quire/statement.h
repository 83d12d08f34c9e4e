#pragma once
// Statement: one prepared SQLite statement. Parameters are bound by index
// (1-based, as in SQLite); columns are read by index (0-based).
//
// A Statement from Connection::cached() belongs to the connection's cache:
// going out of scope resets it and clears its bindings. One from
// Connection::prepare() is finalized. Either way, use it on the thread that
// holds the connection.

#include "quire/error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantList>

#include <optional>

struct sqlite3_stmt;

namespace quire {

class Connection;

class QUIRE_CORE_EXPORT Statement
{
public:
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    Statement &bind(int index, qint64 value);
    Statement &bind(int index, int value) { return bind(index, qint64(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, const QString &text);   // NULL when text.isNull()
    Statement &bindText(int index, const QByteArray &utf8);
    Statement &bindBlob(int index, const QByteArray &bytes); // NULL when bytes.isNull()
    Statement &bindNull(int index);
    // Binds the value in column `column` of another statement's current row
    // as it is (type included); the statements may be on different connections.
    Statement &bindColumn(int index, const Statement &from, int column);
    // A QVariant by its type: null, bool and integers, double, QString,
    // QByteArray (a blob), QDateTime (ms since the epoch, UTC); anything
    // else as its string form.
    Statement &bindValue(int index, const QVariant &value);
    // values[0] to parameter 1, values[1] to 2, ...
    Statement &bindAll(const QVariantList &values);
    template <typename T>
    Statement &bind(int index, const std::optional<T> &value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    // Advances to the next row: true when a row is there, false when done.
    Result<bool> step();
    // Steps until done, for statements that return no rows.
    Result<void> run();
    // Steps through every row, calling onRow(*this) for each.
    template <typename OnRow>
    Result<void> each(OnRow &&onRow)
    {
        for (;;) {
            Result<bool> row = step();
            if (!row)
                return row.error();
            if (!*row)
                return {};
            onRow(*this);
        }
    }
    // Ready to run again with new bindings.
    void reset();

    int columnCount() const;
    bool isNull(int column) const;
    qint64 int64(int column) const;
    int integer(int column) const { return int(int64(column)); }
    double real(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    // The column's value by its SQLite type: null, qint64, double, QString
    // (TEXT) or QByteArray (BLOB).
    QVariant value(int column) const;
    QVariantList values() const; // every column of the current row
    QStringList columnNames() const;

    sqlite3_stmt *handle() const { return m_stmt; }

private:
    friend class Connection; // the only maker of statements
    Statement(sqlite3_stmt *stmt, Connection *connection, bool cached);
    void noteBind(int resultCode, int index);

    sqlite3_stmt *m_stmt = nullptr;
    Connection *m_connection = nullptr;
    bool m_cached = false;
    int m_bindError = 0;
    int m_bindErrorIndex = 0;
};

} // namespace quire

#pragma once
// Rows: what Session::query() read, with the column names as SQLite gives
// them (an alias when the SELECT has one).

#include <QList>
#include <QStringList>
#include <QVariantList>

namespace quire {

struct Rows {
    QStringList columns;
    QList<QVariantList> values; // one list per row, in column order

    qsizetype size() const { return values.size(); }
    bool isEmpty() const { return values.isEmpty(); }
    // The column's index by name, -1 when there is none.
    int column(const QString &name) const { return int(columns.indexOf(name)); }
};

} // namespace quire

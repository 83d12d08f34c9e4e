#pragma once
// Fan-out queries: one SELECT of the program's own, with bound values, run
// on every tenant of a registry (or a chosen set) in parallel on a thread
// pool, merged by the ORDER BY keys the caller names, cut at a global LIMIT.
// Every row says which tenant it came from; a tenant that fails is reported
// beside the rows and does not stop the others.
//
// The SELECT must order its rows by the same keys (SQLite then reads them
// from an index where there is one): the engine reads each tenant's rows
// only while they can still reach the global top `limit`, and merges the
// per-tenant runs. SQLAlchemy's horizontal sharding concatenates shard
// results; this merges them.
//
// Thread safety: fanOut() may be called from any thread; `rows` and
// `progress` are called on pool threads, one call at a time.

#include "quire/error.h"
#include "quire/export.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <QVariantList>

#include <atomic>
#include <functional>

class QThreadPool;

namespace quire {

class Registry;

struct FanOutKey {
    QString column;          // a column name of the SELECT's result
    bool descending = false;
};

struct FanOutRow {
    QUuid tenant;
    QString folder;
    QVariantList values;     // in the SELECT's column order
};

struct FanOutProgress {
    int tenantsDone = 0;
    int tenantsTotal = 0;
};

struct FanOutQuery {
    QByteArray sql;          // one SELECT, the same for every tenant
    QVariantList values;     // bound to ?1, ?2, ... (Session::query's types)
    QList<FanOutKey> orderBy; // merge keys; empty: tenants' rows in tenant order
    int limit = -1;          // rows in all; -1: every row
    QList<QUuid> tenants;    // empty: every tenant in the registry's catalog
    QThreadPool *pool = nullptr; // nullptr: QThreadPool::globalInstance()
    // Streamed: a tenant's rows as soon as it is read (before the merge
    // cuts them), with the column names. Optional.
    std::function<void(const QStringList &columns, const QList<FanOutRow> &rows)> rows;
    // After each tenant; return false to cancel.
    std::function<bool(const FanOutProgress &)> progress;
    const std::atomic<bool> *cancel = nullptr; // set from any thread to cancel
};

struct FanOutResult {
    QStringList columns;
    QList<FanOutRow> rows;   // merged, at most `limit`
    QList<Error> failures;   // one per tenant that could not answer, naming it
    int tenantsSearched = 0;
    bool cancelled = false;
};

// Runs the query and waits for the merged answer. Fails as a whole only for
// a query that cannot be run anywhere (an order key that is not a column:
// InvalidArgument) or an unreadable catalog.
QUIRE_CORE_EXPORT Result<FanOutResult> fanOut(Registry &registry, const FanOutQuery &query);

} // namespace quire

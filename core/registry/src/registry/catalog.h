#pragma once
// The workspace's catalog.db: which albums exist where, and in what state.
// A cache only: the album folders are the truth, and a catalog of another
// layout is simply rebuilt.
//
// The catalog keeps a mirror of its rows in memory, checked against
// PRAGMA data_version before reads (at most every 100 ms, so another
// process's writes are seen soon), and writes in batches: changes wait in memory until 256 are
// pending, 250 ms have passed, a reader needs the file, or flush() (the
// destructor flushes too). Losing the last batch to a crash costs a scan.

#include "quire/connection.h"
#include "quire/registry_types.h"

#include <QHash>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

namespace quire::detail {

class Catalog
{
public:
    explicit Catalog(QString workspaceFolder);
    ~Catalog();

    Result<void> record(const QUuid &uuid, const QString &folder, const QString &name, TenantState state,
                        const QString &problem = {});
    Result<void> setState(const QUuid &uuid, TenantState state, const QString &problem = {});
    Result<void> remove(const QUuid &uuid);
    Result<std::optional<CatalogEntry>> byUuid(const QUuid &uuid);
    Result<QList<CatalogEntry>> all();
    Result<int> count();
    // Writes the pending changes now.
    Result<void> flush();

private:
    // With m_mutex held.
    Result<Connection *> connection();
    // Reloads the mirror when another connection wrote.
    Result<void> refresh(bool forWriting);
    Result<void> flushLocked();
    Result<void> changed(const QUuid &uuid); // after a change to m_rows

    QString m_folder;
    std::mutex m_mutex;
    std::unique_ptr<Connection> m_connection;
    QHash<QUuid, CatalogEntry> m_rows;          // the mirror
    qint64 m_dataVersion = -1;                  // of the file when the mirror was loaded
    std::chrono::steady_clock::time_point m_checked; // when data_version was last read
    QHash<QUuid, bool> m_pending;               // uuid -> true: write the row; false: delete it
    std::chrono::steady_clock::time_point m_oldestPending;
};

} // namespace quire::detail

#pragma once
// The workspace's catalog.db: which albums exist where, and in what state.
// A cache only: the album folders are the truth, and a catalog of another
// layout is simply rebuilt.

#include "quire/connection.h"
#include "quire/registry_types.h"

#include <memory>
#include <mutex>
#include <optional>

namespace quire::detail {

class Catalog
{
public:
    explicit Catalog(QString workspaceFolder);

    Result<void> record(const QUuid &uuid, const QString &folder, const QString &name, AlbumState state,
                        const QString &problem = {});
    Result<void> setState(const QUuid &uuid, AlbumState state, const QString &problem = {});
    Result<void> remove(const QUuid &uuid);
    Result<std::optional<CatalogEntry>> byUuid(const QUuid &uuid);
    Result<QList<CatalogEntry>> all();
    Result<int> count();

private:
    // Opens (and creates) catalog.db on first use; call with m_mutex held.
    Result<Connection *> connection();
    Result<QList<CatalogEntry>> select(const QByteArray &sql, const QUuid &uuid);

    QString m_folder;
    std::mutex m_mutex;
    std::unique_ptr<Connection> m_connection;
};

} // namespace quire::detail

#pragma once
// The workspace's catalog.db: which albums exist where. A cache only; the
// album folders are the truth.

#include "quire/connection.h"
#include "quire/registry.h"

#include <memory>
#include <mutex>

namespace quire::detail {

class Catalog
{
public:
    explicit Catalog(QString workspaceFolder);

    Result<void> record(const Album &album, AlbumState state);
    Result<std::optional<CatalogEntry>> byUuid(const QUuid &uuid);
    Result<QList<CatalogEntry>> all();

private:
    // Opens (and creates) catalog.db on first use; call with m_mutex held.
    Result<Connection *> connection();

    QString m_folder;
    std::mutex m_mutex;
    std::unique_ptr<Connection> m_connection;
};

} // namespace quire::detail

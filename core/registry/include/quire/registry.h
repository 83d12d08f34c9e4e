#pragma once
// Registry: the albums this program knows, and the ones it has open.
//
// Its catalog lives in the workspace folder (catalog.db) and is only a
// cache of which albums exist where: the albums are the truth, deleting
// the catalog loses nothing, and scan() rebuilds it. An album whose folder
// is gone is Missing, never dropped; it is found again by UUID.
//
// The registry caps the SQLite connections open across all its albums
// (RegistryOptions::maxConnections): idle connections of the least recently
// used albums are closed to make room, never a leased one, and an album
// whose connections were closed reopens on its next session.
//
// When a Registry method returns, the catalog file is up to date (other
// processes see the change). A Registry is an object, not a singleton; a program (or a test) may make
// several, even on the same albums. Thread safety: every method may be
// called from any thread; signals are emitted on the thread that made the
// change.

#include "quire/tenant.h"
#include "quire/error.h"
#include "quire/registry_types.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QUuid>

#include <memory>

namespace quire {

namespace detail {
class FolderFence;
}

class QUIRE_CORE_EXPORT Registry : public QObject
{
    Q_OBJECT
public:
    // A registry of tenants of `format` (one workspace holds tenants of one
    // format), its catalog in workspaceFolder.
    Registry(const TenantFormat &format, const QString &workspaceFolder,
             const RegistryOptions &options = {}, QObject *parent = nullptr);
    ~Registry() override;

    // $QUIRE_WORKSPACE, else the user's data folder for Quire.
    static QString defaultWorkspace();
    QString workspaceFolder() const;
    TenantFormat format() const;
    // The connection cap derived from the file descriptor limit.
    static int defaultConnectionCap();
    // Raises the soft RLIMIT_NOFILE to the hard limit, as servers do, so
    // that more albums stay open under the cap. For programs to call at
    // start (quire, quirectl, quire-bench), before any Registry: a library
    // does not change its process's limits behind its back. Returns the
    // soft limit now in force; where it cannot be raised, nothing changes
    // and the cap follows the limit there is.
    static qint64 raiseFileDescriptorLimit();

    Result<Tenant> create(const QString &folder, const QString &name = {});
    // Opens the album in folder (or returns it when already open) and
    // records it in the catalog. A folder holding the UUID of another known
    // album is refused as a copy unless mode is AsCopy, which gives it a
    // new UUID.
    Result<Tenant> open(const QString &folder, OpenMode mode = OpenMode::Normal);
    // Opens many folders at once, as open() does each, with the catalog
    // written once for all: for registering a library of albums.
    QList<Result<Tenant>> openAll(const QStringList &folders, OpenMode mode = OpenMode::Normal);
    // An album named the way a person would: its folder or its UUID.
    Result<Tenant> resolve(const QString &folderOrUuid);
    // The open album with this UUID, or a null Tenant.
    Tenant find(const QUuid &uuid) const;
    // Waits for the album's sessions, closes its connections and keeps it
    // in the catalog.
    Result<void> close(const QUuid &uuid);
    // Closes the album and removes it from the catalog; its folder is not touched.
    Result<void> forget(const QUuid &uuid);

    // Walks folder for albums: adds new ones, follows moved ones by UUID,
    // marks known albums under folder that are gone as Missing.
    Result<ScanReport> scan(const QString &folder);
    // Migrates every known album to the format's latest schema: a dry run
    // (each album's upgrade run and rolled back) first; then each album in
    // its own transaction after a backup. One failure does not stop the rest.
    Result<MigrationReport> migrateAll(bool dryRun = false);

    // Writes what the open album says about itself (name, folder, read-only)
    // to the catalog, as after Tenant::setName, and emits tenantChanged.
    Result<void> refresh(const QUuid &uuid);

    Result<QList<CatalogEntry>> catalog() const;
    QList<Tenant> openTenants() const;
    RegistryStats stats() const;
    // Every idle album keeps one connection, with its page cache and
    // statement cache emptied, and the freed pages go back to the system.
    // The registry does this by itself for albums unused for a few seconds
    // (a busy album's next session then skips reopening and reparsing).
    void releaseIdleMemory();
    // Every idle connection closes, each tenant's last one too, as the
    // registry does by itself for tenants unused for closeIdleAfter;
    // their next session opens one again. An open tenant without a
    // connection holds no SQLite lock, so other processes no longer see it
    // as in use (as after an eviction).
    void closeIdleConnections();

    static QString stateName(TenantState state);

Q_SIGNALS:
    void tenantAdded(const QUuid &uuid);
    void tenantRemoved(const QUuid &uuid);
    void tenantMoved(const QUuid &uuid, const QString &oldFolder, const QString &newFolder);
    void tenantStateChanged(const QUuid &uuid, quire::TenantState state);
    // Anything else about the album changed (opened, closed, renamed).
    void tenantChanged(const QUuid &uuid);

private:
    friend class detail::FolderFence;
    // open() without writing the catalog file yet.
    Result<Tenant> openOne(const QString &folder, OpenMode mode);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace quire

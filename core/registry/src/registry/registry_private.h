#pragma once
// The state behind a Registry, shared by its files (lifecycle, scan,
// migrations).

#include "quire/registry.h"
#include "registry/catalog.h"
#include "tenant/connection_budget.h"

#include <QHash>
#include <QSet>

#include <memory>
#include <mutex>

namespace quire {

class TenantPrivate;

struct Registry::Private {
    Private(const TenantFormat &format, const QString &workspace, const RegistryOptions &options);

    TenantOptions tenantOptions() const;

    // What opening a folder found, for signals and scan reports.
    enum class Outcome { AlreadyOpen, Added, Reopened, Moved };
    struct Opened {
        Tenant album;
        Outcome outcome = Outcome::AlreadyOpen;
        QString previousFolder; // when Moved
    };
    // Thread-safe. With recoverNow false, the caller runs recover()
    // afterwards.
    Result<Opened> open(const QString &folder, OpenMode mode, bool recoverNow = true);
    void recover(const Tenant &album);
    // open() for many folders; results in the folders' order.
    QList<Result<Opened>> openMany(const QStringList &folders, OpenMode mode);
    // Emits what opening found (added, moved, reopened) on the calling
    // thread and hands the album on.
    static Result<Tenant> announce(Registry &registry, Result<Opened> opened);
    Error copyOf(const QString &folder, const QString &original, const QUuid &uuid) const;

    TenantFormat format;
    QString workspace;
    RegistryOptions options;
    std::shared_ptr<ConnectionBudget> budget;
    detail::Catalog catalog;
    mutable std::mutex mutex;
    // With mutex held. One open Tenant per folder, found by folder or UUID.
    void insertOpen(const Tenant &album);
    Tenant openByUuid(const QUuid &uuid) const;
    Tenant takeByUuid(const QUuid &uuid);

    QHash<QString, Tenant> byFolder; // canonical folder -> open album
    // Canonical folders a rename, move or delete has closed and is changing:
    // not opened meanwhile (detail::FolderFence).
    QSet<QString> fenced;
    QHash<QUuid, QString> folderOf; // album UUID -> its key in byFolder
};

namespace detail {

// Keeps the registry from opening a folder while a folder operation that
// closed its album changes it: a search or a thumbnail reader opening the
// album at its old place between the close and the rename would hold it
// there. Lifted when it goes out of scope, or by lift() before the
// operation reopens the album itself (after a refusal).
class QUIRE_CORE_EXPORT FolderFence
{
public:
    FolderFence(Registry &registry, const QString &folder);
    ~FolderFence() { lift(); }
    FolderFence(const FolderFence &) = delete;
    FolderFence &operator=(const FolderFence &) = delete;
    void lift();

private:
    Registry::Private &m_registry;
    QString m_folder; // canonical; empty once lifted
};

// The UUID of the tenant in folder, read through SQLite without opening it
// as a Tenant; null when there is none or it cannot be read (or, with a
// budget, no connection slot came free in time: the connection it opens
// counts against the registry's cap).
QUuid peekTenantUuid(const QString &folder, const TenantFormat &format, ConnectionBudget *budget = nullptr);
// Whether two paths are the same file (device and inode).
bool sameFile(const QString &a, const QString &b);
// The catalog state an open error means.
TenantState stateFor(const Error &error);

} // namespace detail
} // namespace quire

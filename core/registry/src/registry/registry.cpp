#include "quire/registry.h"

#include "format/identity.h"
#include "registry/registry_private.h"
#include "quire/session.h"
#include "tenant/connection_budget.h"
#include "tenant/tenant_private.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <sqlite3.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#if defined(__SANITIZE_ADDRESS__)
// GCC 12 on Debian ships libasan without its interface headers; the
// function is part of the sanitizer runtime's stable C interface.
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif
#include <sys/resource.h>

#include <limits>
#include <sys/stat.h>

namespace quire {

namespace detail {

QUuid peekTenantUuid(const QString &folder, const TenantFormat &format, ConnectionBudget *budget)
{
    if (folder.isEmpty())
        return {};
    const QString path = Tenant::databasePathFor(folder, format);
    if (!QFileInfo(path).isFile())
        return {};
    Result<BudgetSlot> slot = BudgetSlot::take(budget, folder, std::chrono::seconds(5));
    if (!slot)
        return {};
    auto read = [&](bool immutable) -> QUuid {
        ConnectionOptions o;
        o.readOnly = true;
        o.immutable = immutable;
        o.label = folder;
        o.kind = format.kind();
        Result<std::unique_ptr<Connection>> connection = Connection::open(path, o);
        if (!connection)
            return {};
        Result<Statement> select = (*connection)->prepare(
            identitySql(format.identityTable(), "SELECT value FROM ", " WHERE key = 'uuid'"));
        if (!select)
            return {};
        Result<bool> row = select->step();
        return row && *row ? QUuid::fromString(select->text(0)) : QUuid();
    };
    // A database with no log beside it is read as immutable: its file holds
    // everything, and a read-only connection to a WAL database would make a
    // -wal and -shm that it cannot remove when it closes, left beside a
    // file the registry may just have refused (another program's database,
    // a newer schema), which must stay as it was.
    const bool noLog = !QFileInfo::exists(path + QStringLiteral("-wal"))
        && !QFileInfo::exists(path + QStringLiteral("-journal"));
    if (noLog)
        return read(true);
    // On read-only media a WAL album cannot make its -shm, so the first read
    // fails; nobody can change the file there, so it is read as immutable.
    const QUuid uuid = read(false);
    return uuid.isNull() ? read(true) : uuid;
}

bool sameFile(const QString &a, const QString &b)
{
    struct stat sa {}, sb {};
    return ::stat(QFile::encodeName(a).constData(), &sa) == 0
        && ::stat(QFile::encodeName(b).constData(), &sb) == 0 && sa.st_dev == sb.st_dev
        && sa.st_ino == sb.st_ino;
}

TenantState stateFor(const Error &error)
{
    switch (error.code()) {
    case ErrorCode::NotFound:
    case ErrorCode::NotAnAlbum:
        return TenantState::Missing;
    case ErrorCode::Busy:
        return TenantState::Locked;
    case ErrorCode::ReadOnly:
        return TenantState::ReadOnly;
    default:
        return TenantState::Damaged;
    }
}

} // namespace detail

Registry::Private::Private(const TenantFormat &format, const QString &workspace, const RegistryOptions &options)
    : format(format),
      workspace(workspace),
      options(options),
      // At least 2: opening a tenant whose log must be checked holds its
      // first connection and, for a moment, a second one.
      budget(std::make_shared<ConnectionBudget>(options.maxConnections > 0 ? std::max(2, options.maxConnections)
                                                                            : Registry::defaultConnectionCap(),
                                                options.closeIdleAfter)),
      catalog(workspace)
{
}

TenantOptions Registry::Private::tenantOptions() const
{
    TenantOptions o;
    o.busyTimeoutMs = options.busyTimeoutMs;
    o.maxReaders = options.maxReadersPerTenant;
    o.format = format;
    return o;
}

Error Registry::Private::copyOf(const QString &folder, const QString &original, const QUuid &uuid) const
{
    return Error(ErrorCode::AlreadyExists, folder,
                 QStringLiteral("This folder is a copy of the %1 in %2 (both carry %1 UUID %3). "
                                "Open it as a copy ('quirectl open --as-copy') to give it an identity "
                                "of its own.")
                     .arg(format.kind(), original, uuid.toString(QUuid::WithoutBraces)))
        .withKind(format.kind());
}

namespace {

Result<void> runQuickCheck(TenantPrivate &album, Connection &connection)
{
    Result<Statement> check = connection.prepare("PRAGMA quick_check(5)");
    if (!check)
        return check.error();
    QStringList problems;
    for (;;) {
        Result<bool> row = check->step();
        if (!row) {
            if (row.error().code() != ErrorCode::Damaged)
                return row.error();
            problems.append(row.error().message());
            break;
        }
        if (!*row)
            break;
        const QString line = check->text(0);
        if (line != QLatin1String("ok"))
            problems.append(line);
    }
    if (problems.isEmpty())
        return {};
    return album.error(ErrorCode::Damaged,
                       QStringLiteral("The %1 is damaged: SQLite's quick_check found problems in its "
                                      "database (%2). %3 will not use it; 'quirectl check' lists them.")
                           .arg(album.format.kind(), problems.join(QStringLiteral("; ")), album.format.program()));
}

// PRAGMA quick_check on an album this workspace has never seen: it came from
// somewhere (a folder someone sent, a disk from another machine), so its
// pages are checked before anything is read from them (sqlite.org
// security.html). Known albums are not checked again: it reads every page.
//
// It runs on the connection that is opening the album, before anything is
// written: a connection of its own cost a second open and schema parse,
// a third of the time of registering an album (W2-first, 2026-12-04).
// Every page it reads would stay in that connection's page cache, which
// the album keeps open: the cache is held to 16 pages for the check and
// its pages given back after. The heap they came from stays fragmented
// until that connection closes: about 7 KB more per newly registered
// album in its first minute (W2-memory after a few seconds idle, 81.8 KB
// to 89.3 KB; after a minute, when the connection has closed, 19.5 KB).
Result<void> quickCheck(TenantPrivate &album, Connection &connection)
{
    Result<qint64> cacheSize = [&]() -> Result<qint64> {
        Result<Statement> size = connection.prepare("PRAGMA cache_size");
        Result<bool> row = size ? size->step() : Result<bool>(size.error());
        if (!row)
            return row.error();
        return *row ? size->int64(0) : qint64(-2000);
    }();
    if (!cacheSize)
        return cacheSize.error();
    if (auto r = connection.exec("PRAGMA cache_size = 16"); !r)
        return r;
    Result<void> checked = runQuickCheck(album, connection);
    if (auto r = connection.exec("PRAGMA cache_size = " + QByteArray::number(*cacheSize)); !r && checked)
        checked = r;
    connection.releaseMemory();
    return checked;
}

} // namespace

void Registry::Private::recover(const Tenant &album)
{
    // Finish or undo the moves of rows a crash interrupted, through the
    // hook of the program that made them (the album's picture transfers).
    if (!album.d->transfersRecorded || !options.recoverOnOpen)
        return;
    RecoveryContext context;
    context.openTenant = [this](const QUuid &uuid) { std::lock_guard lock(mutex); return openByUuid(uuid); };
    context.knownFolder = [this](const QUuid &uuid) {
        Result<std::optional<CatalogEntry>> known = catalog.byUuid(uuid);
        return known && *known ? (*known)->folder : QString();
    };
    options.recoverOnOpen(album, context);
}

namespace detail {

FolderFence::FolderFence(Registry &registry, const QString &folder)
    : m_registry(*registry.d), m_folder(QFileInfo(folder).canonicalFilePath())
{
    std::lock_guard lock(m_registry.mutex);
    m_registry.fenced.insert(m_folder);
}

void FolderFence::lift()
{
    if (m_folder.isEmpty())
        return;
    std::lock_guard lock(m_registry.mutex);
    m_registry.fenced.remove(m_folder);
    m_folder.clear();
}

} // namespace detail

Result<Registry::Private::Opened> Registry::Private::open(const QString &folder, OpenMode mode, bool recoverNow)
{
    const QString canonical = QFileInfo(folder).canonicalFilePath();
    {
        std::lock_guard lock(mutex);
        if (!canonical.isEmpty() && fenced.contains(canonical))
            return Error(ErrorCode::Busy, folder,
                         QStringLiteral("The %1 is being renamed, moved or deleted; try again when that is done.")
                             .arg(format.kind()))
                .withKind(format.kind());
    }
    if (mode == OpenMode::Normal) {
        std::lock_guard lock(mutex);
        const auto it = byFolder.constFind(canonical);
        if (!canonical.isEmpty() && it != byFolder.constEnd() && !it->isClosed())
            return Opened{*it, Outcome::AlreadyOpen, {}};
    }
    // An album this workspace has never seen (by UUID, in this folder) is
    // quick_checked before TenantPrivate::open changes anything in it: a
    // damaged album must not get a backup written or a migration started.
    const auto checkUnknown = [this](TenantPrivate &album, Connection &connection, const QUuid &uuid) -> Result<void> {
        Result<std::optional<CatalogEntry>> known = uuid.isNull() ? Result<std::optional<CatalogEntry>>(std::nullopt)
                                                                  : catalog.byUuid(uuid);
        if (!known)
            return known.error();
        if (*known && (*known)->folder == album.folder)
            return {};
        return quickCheck(album, connection);
    };
    Result<std::shared_ptr<TenantPrivate>> opened = TenantPrivate::open(folder, tenantOptions(), budget, canonical, checkUnknown);
    if (!opened) {
        // A known album that no longer opens: its catalog entry says why.
        // Found by its folder first: a database too damaged to tell its
        // UUID, or one read through another album's log, would name none
        // or the wrong one.
        QUuid known;
        if (!canonical.isEmpty()) {
            if (Result<QList<CatalogEntry>> all = catalog.all(); all) {
                for (const CatalogEntry &e : std::as_const(*all)) {
                    if (e.folder == canonical)
                        known = e.uuid;
                }
            }
        }
        if (known.isNull())
            known = detail::peekTenantUuid(folder, format, budget.get());
        if (!known.isNull())
            (void)catalog.setState(known, detail::stateFor(opened.error()), opened.error().message());
        return opened.error();
    }
    std::shared_ptr<TenantPrivate> album = std::move(*opened);

    // Is this UUID already somewhere else? Either the album moved, or this
    // folder is a copy made outside Quire.
    QString elsewhere;
    {
        std::lock_guard lock(mutex);
        const Tenant open = openByUuid(album->uuid);
        if (!open.isNull() && open.folder() != album->folder) {
            if (detail::sameFile(open.databasePath(), album->databasePath))
                return Opened{open, Outcome::AlreadyOpen, {}}; // a second path to the same album
            elsewhere = open.folder();
        }
    }
    Result<std::optional<CatalogEntry>> entry = catalog.byUuid(album->uuid);
    if (!entry)
        return entry.error();
    QString previousFolder;
    if (elsewhere.isEmpty() && *entry && (*entry)->folder != album->folder) {
        if (detail::peekTenantUuid((*entry)->folder, format, budget.get()) == album->uuid)
            elsewhere = (*entry)->folder;
        else
            previousFolder = (*entry)->folder; // moved outside Quire
    }
    if (mode == OpenMode::AsCopy) {
        const QUuid oldUuid = album->uuid;
        if (auto r = album->assignNewUuid(); !r)
            return r.error();
        // Asked of the folder the catalog already knows under the old UUID:
        // that identity is gone now, so is its row.
        if (*entry && (*entry)->folder == album->folder) {
            if (auto r = catalog.remove(oldUuid); !r)
                return r.error();
        }
        previousFolder.clear();
    } else if (!elsewhere.isEmpty()) {
        return copyOf(album->folder, elsewhere, album->uuid);
    }

    Tenant handle = TenantPrivate::handle(album);
    {
        std::lock_guard lock(mutex);
        // Another thread may have opened it meanwhile (openAll opens in
        // parallel): keep one Tenant per folder, and one folder per UUID.
        const auto it = byFolder.constFind(handle.folder());
        if (it != byFolder.constEnd() && !it->isClosed() && it->uuid() == handle.uuid())
            return Opened{*it, Outcome::AlreadyOpen, {}};
        if (const Tenant other = openByUuid(handle.uuid()); !other.isNull()) {
            if (detail::sameFile(other.databasePath(), handle.databasePath()))
                return Opened{other, Outcome::AlreadyOpen, {}};
            return copyOf(handle.folder(), other.folder(), handle.uuid());
        }
        // Checked again: a rename, move or delete may have fenced the folder
        // while it was being opened (checks and a migration take a while).
        // Recorded now, the tenant would be held at its old folder.
        if (fenced.contains(handle.folder())) {
            return Error(ErrorCode::Busy, handle.folder(),
                         QStringLiteral("The %1 is being renamed, moved or deleted; try again when that is done.")
                             .arg(format.kind()))
                .withKind(format.kind());
        }
        insertOpen(handle);
    }
    const bool known = *entry && mode != OpenMode::AsCopy;
    const TenantState state = handle.isReadOnly() ? TenantState::ReadOnly : TenantState::Available;
    // Written only when something changed (or last seen is an hour old):
    // opening many known albums then costs no catalog writes.
    const bool current = known && (*entry)->folder == handle.folder() && (*entry)->name == handle.name()
        && (*entry)->state == state && (*entry)->lastSeen.secsTo(QDateTime::currentDateTimeUtc()) < 3600;
    if (!current) {
        if (auto r = catalog.record(handle.uuid(), handle.folder(), handle.name(), state); !r)
            return r.error();
    }
    if (recoverNow)
        recover(handle);
    if (!previousFolder.isEmpty())
        return Opened{handle, Outcome::Moved, previousFolder};
    return Opened{handle, known ? Outcome::Reopened : Outcome::Added, {}};
}

void Registry::Private::insertOpen(const Tenant &album)
{
    // A closed album of another identity may still hold the folder's key.
    const auto previous = byFolder.constFind(album.folder());
    if (previous != byFolder.constEnd() && previous->uuid() != album.uuid())
        folderOf.remove(previous->uuid());
    byFolder.insert(album.folder(), album);
    folderOf.insert(album.uuid(), album.folder());
}

Tenant Registry::Private::openByUuid(const QUuid &uuid) const
{
    const auto folder = folderOf.constFind(uuid);
    if (folder == folderOf.constEnd())
        return {};
    const Tenant album = byFolder.value(*folder);
    return album.isClosed() || album.uuid() != uuid ? Tenant() : album;
}

Tenant Registry::Private::takeByUuid(const QUuid &uuid)
{
    const QString folder = folderOf.take(uuid);
    if (folder.isEmpty())
        return {};
    return byFolder.take(folder);
}

Registry::Registry(const TenantFormat &format, const QString &workspaceFolder, const RegistryOptions &options,
                   QObject *parent)
    : QObject(parent),
      d(std::make_unique<Private>(format, QDir::cleanPath(QFileInfo(workspaceFolder).absoluteFilePath()), options))
{
    Q_ASSERT_X(!format.isNull(), "Registry", "a registry needs the format of its tenants");
}

Registry::~Registry()
{
    // Albums close when their last handle and session are gone; a session
    // outliving the registry keeps its album (and its budget) alive.
}

QString Registry::defaultWorkspace()
{
    const QString fromEnvironment = qEnvironmentVariable("QUIRE_WORKSPACE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(data.isEmpty() ? QDir::homePath() : data).filePath(QStringLiteral("quire"));
}

int Registry::defaultConnectionCap()
{
    // A WAL connection holds two descriptors (database, -wal) and an album
    // one more (-shm); keep a margin for picture files, sockets and Qt.
    struct rlimit limit {};
    rlim_t soft = 1024;
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        soft = limit.rlim_cur;
    // A fourth per album, found at 5,000 albums with 20,000 descriptors
    // (opening failed at album 4,997): the short-lived quick_check
    // connection of a first open closes while the album's pooled connection
    // holds its SHARED lock, so SQLite's unix VFS keeps that descriptor open
    // (closing it would drop the process's POSIX locks) until the album's
    // last connection closes or a new one reuses it. Counted here, so the
    // cap never runs the process out of descriptors.
    constexpr qint64 DescriptorsPerAlbum = 4;
    const qint64 usable = qint64(soft) - 128;
    // The upper clamp was 4,096: with a raised limit (20,000 on the bench
    // machine) 5,000 albums then did not fit, and a search over them
    // evicted and reopened albums on every pass (W3-warm 19x raw). The
    // descriptors decide now; 16,384 idle albums are about 1 GB of heap
    // and WAL index (W2-memory: ~64 KB each), the most a process should
    // keep for idle albums. Each open also walks SQLite's list of open
    // database inodes twice (one entry per open album; os_unix.c
    // findReusableFd and findInodeInfo), measured at about 25 us per
    // thousand open albums: a search that stays within the cap opens
    // nothing, which matters more.
    return int(std::clamp<qint64>(usable / DescriptorsPerAlbum, 8, 16384));
}

qint64 Registry::raiseFileDescriptorLimit()
{
    struct rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        struct rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        // An unlimited hard limit cannot be the soft one on Linux (the
        // kernel's nr_open bounds it); settle for 2^20 then.
        if (raised.rlim_cur == RLIM_INFINITY)
            raised.rlim_cur = rlim_t(1) << 20;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? std::numeric_limits<qint64>::max() : qint64(limit.rlim_cur);
}

QString Registry::workspaceFolder() const
{
    return d->workspace;
}

TenantFormat Registry::format() const
{
    return d->format;
}

QString Registry::stateName(TenantState state)
{
    switch (state) {
    case TenantState::Available: return QStringLiteral("available");
    case TenantState::Missing: return QStringLiteral("missing");
    case TenantState::Damaged: return QStringLiteral("damaged");
    case TenantState::Locked: return QStringLiteral("locked");
    case TenantState::ReadOnly: return QStringLiteral("read-only");
    }
    return QStringLiteral("unknown");
}

Result<Tenant> Registry::create(const QString &folder, const QString &name)
{
    TenantOptions options = d->tenantOptions();
    Result<Tenant> made = Tenant::create(folder, name, options);
    if (!made)
        return made;
    const QString madeFolder = made->folder();
    // Reopened through the registry so that it counts against the budget.
    if (auto r = made->close(); !r)
        return r.error();
    Result<Private::Opened> opened = d->open(madeFolder, OpenMode::Normal);
    if (!opened)
        return opened.error();
    if (auto r = d->catalog.flush(); !r)
        return r.error();
    Q_EMIT tenantAdded(opened->album.uuid());
    return opened->album;
}

Result<void> Registry::refresh(const QUuid &uuid)
{
    const Tenant album = find(uuid);
    if (album.isNull())
        return Error(ErrorCode::NotFound, uuid.toString(QUuid::WithoutBraces),
                     QStringLiteral("The %1 is not open in this workspace.").arg(d->format.kind()))
            .withKind(d->format.kind());
    const TenantState state = album.isReadOnly() ? TenantState::ReadOnly : TenantState::Available;
    if (auto r = d->catalog.record(uuid, album.folder(), album.name(), state); !r)
        return r;
    if (auto r = d->catalog.flush(); !r)
        return r;
    Q_EMIT tenantChanged(uuid);
    return {};
}

Result<Tenant> Registry::open(const QString &folder, OpenMode mode)
{
    Result<Tenant> album = openOne(folder, mode);
    if (auto r = d->catalog.flush(); !r && album)
        return r.error();
    return album;
}

QList<Result<Registry::Private::Opened>> Registry::Private::openMany(const QStringList &folders, OpenMode mode)
{
    // One after another: spreading the opens over threads was measured
    // slower, as SQLite serialises them on its global VFS and memory
    // mutexes.
    QList<Result<Opened>> opened;
    opened.reserve(folders.size());
    for (const QString &folder : folders)
        opened.append(open(folder, mode, false));
    // Transfers are recovered once every album is open: two albums of one
    // transfer may be among these folders.
    for (const Result<Opened> &outcome : std::as_const(opened)) {
        if (outcome)
            recover(outcome->album);
    }
    return opened;
}

QList<Result<Tenant>> Registry::openAll(const QStringList &folders, OpenMode mode)
{
    QList<Result<Tenant>> albums;
    albums.reserve(folders.size());
    for (Result<Private::Opened> &opened : d->openMany(folders, mode))
        albums.append(Private::announce(*this, std::move(opened)));
    if (auto r = d->catalog.flush(); !r) {
        for (Result<Tenant> &album : albums) {
            if (album)
                album = r.error();
        }
    }
    return albums;
}

Result<Tenant> Registry::openOne(const QString &folder, OpenMode mode)
{
    return Private::announce(*this, d->open(folder, mode));
}

Result<Tenant> Registry::Private::announce(Registry &registry, Result<Opened> opened)
{
    if (!opened)
        return opened.error();
    const QUuid uuid = opened->album.uuid();
    switch (opened->outcome) {
    case Outcome::AlreadyOpen:
        break;
    case Outcome::Added:
        Q_EMIT registry.tenantAdded(uuid);
        break;
    case Outcome::Reopened:
        Q_EMIT registry.tenantChanged(uuid);
        break;
    case Outcome::Moved:
        Q_EMIT registry.tenantMoved(uuid, opened->previousFolder, opened->album.folder());
        break;
    }
    return opened->album;
}

Tenant Registry::find(const QUuid &uuid) const
{
    std::lock_guard lock(d->mutex);
    return d->openByUuid(uuid);
}

Result<Tenant> Registry::resolve(const QString &folderOrUuid)
{
    const QUuid uuid = QUuid::fromString(folderOrUuid);
    if (uuid.isNull() || QFileInfo::exists(folderOrUuid))
        return open(folderOrUuid);
    if (Tenant album = find(uuid); !album.isNull())
        return album;
    Result<std::optional<CatalogEntry>> entry = d->catalog.byUuid(uuid);
    if (!entry)
        return entry.error();
    if (!*entry) {
        return Error(ErrorCode::NotFound, folderOrUuid,
                     QStringLiteral("No %1 with this UUID is known in the workspace %2; open its "
                                    "folder once, or scan the folder it is in.")
                         .arg(d->format.kind(), d->workspace))
            .withKind(d->format.kind());
    }
    const CatalogEntry &known = **entry;
    if (detail::peekTenantUuid(known.folder, d->format, d->budget.get()) != uuid) {
        // Missing is a state, not a deletion: the entry stays for a scan to find.
        if (known.state != TenantState::Missing) {
            (void)d->catalog.setState(uuid, TenantState::Missing, QStringLiteral("not found in its folder"));
            (void)d->catalog.flush();
            Q_EMIT tenantStateChanged(uuid, TenantState::Missing);
        }
        return Error(ErrorCode::NotFound, known.name.isEmpty() ? known.folder : known.name,
                     QStringLiteral("The %1 is missing: it was last seen in %2. If it was moved, "
                                    "scan the folder it is in now ('quirectl scan').")
                         .arg(d->format.kind(), known.folder))
            .withKind(d->format.kind());
    }
    return open(known.folder);
}

Result<void> Registry::close(const QUuid &uuid)
{
    Tenant album;
    {
        std::lock_guard lock(d->mutex);
        album = d->takeByUuid(uuid);
    }
    if (album.isNull())
        return Error(ErrorCode::NotFound, uuid.toString(QUuid::WithoutBraces),
                     QStringLiteral("The %1 is not open.").arg(d->format.kind()))
            .withKind(d->format.kind());
    if (auto r = album.close(); !r) {
        std::lock_guard lock(d->mutex);
        d->insertOpen(album);
        return r;
    }
    Q_EMIT tenantChanged(uuid);
    return {};
}

Result<void> Registry::forget(const QUuid &uuid)
{
    if (Tenant album = find(uuid); !album.isNull()) {
        if (auto r = close(uuid); !r)
            return r;
    }
    Result<std::optional<CatalogEntry>> entry = d->catalog.byUuid(uuid);
    if (!entry)
        return entry.error();
    if (!*entry)
        return Error(ErrorCode::NotFound, uuid.toString(QUuid::WithoutBraces),
                     QStringLiteral("No %1 with this UUID is known in the workspace.").arg(d->format.kind()))
            .withKind(d->format.kind());
    if (auto r = d->catalog.remove(uuid); !r)
        return r;
    if (auto r = d->catalog.flush(); !r)
        return r;
    Q_EMIT tenantRemoved(uuid);
    return {};
}

Result<QList<CatalogEntry>> Registry::catalog() const
{
    return d->catalog.all();
}

QList<Tenant> Registry::openTenants() const
{
    std::lock_guard lock(d->mutex);
    QList<Tenant> open;
    for (const Tenant &album : std::as_const(d->byFolder)) {
        if (!album.isClosed())
            open.append(album);
    }
    return open;
}

RegistryStats Registry::stats() const
{
    RegistryStats s;
    if (Result<int> known = d->catalog.count(); known)
        s.tenantsKnown = *known;
    const QList<Tenant> albums = openTenants();
    s.tenantsOpen = int(albums.size());
    for (const Tenant &album : albums) {
        s.connectionsLeased += album.leasedConnections();
        s.idlePageCacheBytes += album.d->idleCacheBytes();
    }
    s.connectionsOpen = d->budget->open();
    s.connectionsPeak = d->budget->peak();
    s.connectionCap = d->budget->cap();
    s.evictions = d->budget->evictions();
    s.fileDescriptors = int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
    // The catalog's connection is open, so a count of 0 means not counted.
    if (const qint64 used = sqlite3_memory_used(); used > 0) {
        s.sqliteMemoryUsed = used;
        s.sqliteMemoryHighwater = sqlite3_memory_highwater(0);
    }
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer replaces malloc, and glibc's mallinfo2() then counts
    // nothing; the sanitizer's allocator knows what is in use.
    s.heapBytesInUse = qint64(__sanitizer_get_current_allocated_bytes());
#elif defined(__GLIBC__)
    const struct mallinfo2 heap = mallinfo2();
    s.heapBytesInUse = qint64(heap.uordblks + heap.hblkhd);
#endif
    return s;
}

void Registry::closeIdleConnections()
{
    for (const Tenant &tenant : openTenants())
        tenant.d->closeIdleConnections();
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void Registry::releaseIdleMemory()
{
    for (const Tenant &album : openTenants())
        album.d->releaseIdleMemory();
#ifdef __GLIBC__
    // What the connections freed sits in the heap's free lists; give the
    // whole pages among it back to the system.
    malloc_trim(0);
#endif
}

} // namespace quire

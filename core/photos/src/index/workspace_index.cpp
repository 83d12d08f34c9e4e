#include "quire/workspace_index.h"

#include "across/search_targets.h"
#include "index/album_rows.h"
#include "index/album_state.h"
#include "index/index_file.h"
#include "index/index_search.h"

#include "quire/album.h"
#include "quire/data_version.h"
#include "quire/registry.h"
#include "quire/session.h"
#include "quire/transaction.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <sqlite3.h>

namespace quire {

// Outside the anonymous namespace: Private (declared in the header) holds
// these, and a unity build would warn of a member with internal linkage.
struct IndexedAlbum {
    QString folder;
    QString name;
    qint64 generation = 0;
    QString fileIdentity;
};

namespace {

Result<QHash<QUuid, IndexedAlbum>> indexedAlbums(Connection &index)
{
    Result<Statement> select = index.cached("SELECT uuid, folder, name, generation, file_identity FROM albums");
    if (!select)
        return select.error();
    QHash<QUuid, IndexedAlbum> albums;
    auto read = select->each([&](const Statement &s) {
        albums.insert(QUuid::fromString(s.text(0)), {s.text(1), s.text(2), s.int64(3), s.text(4)});
    });
    if (!read)
        return read.error();
    return albums;
}

Result<void> setFileIdentity(Connection &index, const QString &uuid, const QString &folder, const QString &identity)
{
    Result<Statement> update = index.cached("UPDATE albums SET folder = ?2, file_identity = ?3 WHERE uuid = ?1");
    if (!update)
        return update.error();
    update->bind(1, uuid).bind(2, folder).bind(3, identity);
    return update->run();
}

} // namespace

struct WorkspaceIndex::Private {
    Private(Registry &registry, QString path) : registry(registry), path(std::move(path)) {}

    Registry &registry;
    QString path;
    std::unique_ptr<Connection> db;
    QString rebuiltBecause;
    int rebuilds = 0;

    // Kept between calls, so that a long-lived index (the one a registry's
    // searches share) costs one stat() and one PRAGMA when nothing changed.
    detail::FileStamp stamp;        // of the index file after the last call
    qint64 dataVersion = -1;        // PRAGMA data_version after the last call
    QHash<QUuid, IndexedAlbum> albums; // the albums table as last read
    bool albumsLoaded = false;      // false after any write: read it again
    int catalogSize = -1;           // albums in the catalog at the last refresh
    // Per album, what its files were last stat'ed as, and the identity
    // text that gave: an unchanged album costs two stat() calls and no
    // string building.
    struct Seen {
        QString folder;
        QByteArray databasePath; // encoded for stat()
        QByteArray walPath;
        detail::FileStamp database;
        detail::FileStamp wal;
        QString identity;
        // Tenant::writeSerial() of the album open in this process, taken
        // before its generation was last read; 0: not known.
        quint64 writeSerial = 0;
    };
    QHash<QUuid, Seen> seen;
    QString identityOf(const CatalogEntry &entry);

    Result<void> openFile(detail::IndexCheck check);
    // Before each call on an open index: the file replaced, truncated or
    // rewritten by anything but SQLite (its stat changed) is opened
    // again; a write by another connection (data_version) makes the
    // albums be read again and the file's identity checked again.
    Result<void> revalidate();
    // After each call: what the next one compares with.
    void remember();
    Result<const QHash<QUuid, IndexedAlbum> *> indexed();
    Result<IndexRefresh> refresh(const Progress &progress, const std::atomic_bool *cancelled);
    Result<SearchResult> search(const SearchQuery &query);

    // One album of the catalog: left alone when unchanged, else read again.
    // Returns whether it was read again.
    Result<bool> refreshAlbum(const CatalogEntry &entry, const std::optional<IndexedAlbum> &indexed,
                              qint64 &picturesWritten);
};

Result<void> WorkspaceIndex::Private::openFile(detail::IndexCheck check)
{
    if (db) {
        // The file changed behind this connection: closing must not
        // checkpoint what it still holds over what is there now.
        sqlite3_db_config(db->handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        db.reset();
    }
    albumsLoaded = false;
    dataVersion = -1;
    Result<detail::OpenedIndex> opened = detail::openIndexFile(path, check);
    if (!opened)
        return opened.error();
    db = std::move(opened->connection);
    rebuiltBecause = opened->rebuiltBecause;
    if (!rebuiltBecause.isEmpty())
        ++rebuilds;
    remember();
    return {};
}

Result<void> WorkspaceIndex::Private::revalidate()
{
    if (detail::fileStamp(path) != stamp)
        return openFile(detail::IndexCheck::Quick);
    Result<qint64> version = quire::dataVersion(*db);
    if (!version)
        return openFile(detail::IndexCheck::Quick);
    if (*version == dataVersion)
        return {};
    // Another connection wrote: another Quire, or anything else.
    albumsLoaded = false;
    if (!detail::distrustedBecause(*db, detail::IndexCheck::Quick).isEmpty())
        return openFile(detail::IndexCheck::Quick);
    dataVersion = *version;
    return {};
}

void WorkspaceIndex::Private::remember()
{
    stamp = detail::fileStamp(path);
    if (Result<qint64> version = quire::dataVersion(*db))
        dataVersion = *version;
    else
        dataVersion = -1;
}

Result<const QHash<QUuid, IndexedAlbum> *> WorkspaceIndex::Private::indexed()
{
    if (!albumsLoaded) {
        Result<QHash<QUuid, IndexedAlbum>> read = indexedAlbums(*db);
        if (!read)
            return read.error();
        albums = std::move(*read);
        albumsLoaded = true;
    }
    return &albums;
}

QString WorkspaceIndex::Private::identityOf(const CatalogEntry &entry)
{
    Seen &s = seen[entry.uuid];
    if (s.folder != entry.folder || s.databasePath.isEmpty()) {
        s = Seen{};
        s.folder = entry.folder;
        s.databasePath = QFile::encodeName(Album::databasePathFor(entry.folder));
        s.walPath = s.databasePath + "-wal";
    }
    const detail::FileStamp database = detail::fileStamp(s.databasePath);
    const detail::FileStamp wal = detail::fileStamp(s.walPath);
    if (s.identity.isEmpty() || database != s.database || wal != s.wal) {
        s.database = database;
        s.wal = wal;
        s.identity = detail::fileIdentity(database, wal);
    }
    return s.identity;
}

Result<bool> WorkspaceIndex::Private::refreshAlbum(const CatalogEntry &entry,
                                                   const std::optional<IndexedAlbum> &indexed,
                                                   qint64 &picturesWritten)
{
    // Taken before the generation is read: a write landing in between then
    // shows as a changed identity next time, never as a missed change.
    const QString identity = identityOf(entry);
    const Tenant open = registry.find(entry.uuid);
    const quint64 writeSerial = open.writeSerial();
    // An album is read only when its files changed or, when this process
    // has it open, a write session of ours ended on it since it was last
    // asked: a write can leave the -wal's size and time as they were
    // (a rewound WAL, within one tick of the file system's clock), and an
    // open album's own writes are the ones a person waits to see. So
    // neither an unchanged closed album nor an unchanged open one is asked
    // anything.
    Seen &seenNow = seen[entry.uuid];
    if (indexed && !identity.isEmpty() && identity == indexed->fileIdentity && entry.folder == indexed->folder
        && (open.isNull() || (seenNow.writeSerial != 0 && seenNow.writeSerial == writeSerial)))
        return false;
    seenNow.writeSerial = 0; // until read below: a failure asks again next time
    Result<Album> album = detail::openTarget(registry, {entry.uuid, entry.folder, entry.name});
    if (!album)
        return album.error();
    Result<Session> session = album->session(Access::Read, QStringLiteral("index"));
    if (!session)
        return session.error().album().isEmpty() ? session.error().withAlbum(entry.folder) : session.error();
    if (indexed) {
        Result<qint64> generation = detail::readGeneration(*session);
        if (!generation)
            return generation.error();
        if (*generation == indexed->generation) {
            if (identity != indexed->fileIdentity || entry.folder != indexed->folder) {
                albumsLoaded = false;
                if (auto r = setFileIdentity(*db, detail::uuidText(entry.uuid), entry.folder, identity); !r)
                    return r.error();
            }
            seen[entry.uuid].writeSerial = writeSerial;
            return false;
        }
    }
    detail::AlbumRows rows;
    rows.uuid = entry.uuid;
    rows.folder = entry.folder;
    rows.name = album->name();
    rows.fileIdentity = identity;
    if (auto r = detail::readAlbumRows(*session, rows); !r)
        return r.error();
    albumsLoaded = false;
    Result<qint64> written = detail::writeAlbumRows(*db, rows);
    if (!written)
        return written.error();
    picturesWritten += *written;
    seen[entry.uuid].writeSerial = writeSerial;
    return true;
}

WorkspaceIndex::WorkspaceIndex(Registry &registry)
    : d(std::make_unique<Private>(registry, pathFor(registry.workspaceFolder())))
{
}

WorkspaceIndex::~WorkspaceIndex() = default;

QString WorkspaceIndex::pathFor(const QString &workspaceFolder)
{
    return QDir(workspaceFolder).filePath(QStringLiteral("index.db"));
}

bool WorkspaceIndex::existsFor(const Registry &registry)
{
    return QFileInfo::exists(pathFor(registry.workspaceFolder()));
}

Result<void> WorkspaceIndex::open(Check check)
{
    if (d->db)
        return {};
    if (!QDir().mkpath(d->registry.workspaceFolder()))
        return Error(ErrorCode::Io, {},
                     QStringLiteral("The workspace folder %1 cannot be made; check its permissions.")
                         .arg(d->registry.workspaceFolder()));
    return d->openFile(check == Check::Quick ? detail::IndexCheck::Quick : detail::IndexCheck::Thorough);
}

Result<void> WorkspaceIndex::ensureOpen()
{
    if (!d->db)
        return open();
    return d->revalidate();
}

QString WorkspaceIndex::rebuiltBecause() const
{
    return d->rebuiltBecause;
}

int WorkspaceIndex::rebuildCount() const
{
    return d->rebuilds;
}

Result<IndexRefresh> WorkspaceIndex::refresh(const Progress &progress, const std::atomic_bool *cancelled)
{
    if (auto r = ensureOpen(); !r)
        return r.error();
    Result<IndexRefresh> done = d->refresh(progress, cancelled);
    d->remember();
    return done;
}

Result<IndexRefresh> WorkspaceIndex::Private::refresh(const Progress &progress, const std::atomic_bool *cancelled)
{
    Result<QList<CatalogEntry>> catalog = registry.catalog();
    if (!catalog)
        return catalog.error();
    catalogSize = int(catalog->size());
    Result<const QHash<QUuid, IndexedAlbum> *> indexedNow = this->indexed();
    if (!indexedNow)
        return indexedNow.error();
    // A copy: refreshing an album may read the albums table again.
    const QHash<QUuid, IndexedAlbum> indexed = **indexedNow;
    IndexRefresh done;
    done.albumsTotal = int(catalog->size());
    QSet<QUuid> known;
    int step = 0;
    for (const CatalogEntry &entry : *catalog) {
        if (cancelled && cancelled->load()) {
            done.cancelled = true;
            break;
        }
        known.insert(entry.uuid);
        const auto found = indexed.constFind(entry.uuid);
        Result<bool> read = refreshAlbum(
            entry, found == indexed.cend() ? std::nullopt : std::optional<IndexedAlbum>(*found),
            done.picturesWritten);
        if (!read)
            done.failedAlbums.append(read.error()); // its old rows stay: a missing album is still found
        else if (*read)
            ++done.albumsReindexed;
        if (progress)
            progress(++step, done.albumsTotal);
    }
    if (done.cancelled)
        return done;
    // Albums the workspace forgot: their pictures are no longer searched.
    for (auto it = indexed.cbegin(); it != indexed.cend(); ++it) {
        if (known.contains(it.key()))
            continue;
        Result<Transaction> tx = Transaction::begin(*db, true);
        if (!tx)
            return tx.error();
        seen.remove(it.key());
        if (auto r = detail::dropAlbumRows(*db, detail::uuidText(it.key())); !r)
            return r.error();
        albumsLoaded = false;
        if (auto r = tx->commit(); !r)
            return r.error();
        ++done.albumsRemoved;
    }
    return done;
}

Result<IndexRefresh> WorkspaceIndex::rebuild(const Progress &progress, const std::atomic_bool *cancelled)
{
    if (auto r = ensureOpen(); !r)
        return r.error();
    d->albumsLoaded = false;
    if (auto r = d->db->exec("BEGIN IMMEDIATE; DELETE FROM picture_words; DELETE FROM picture_tags;"
                             " DELETE FROM pictures; DELETE FROM albums; COMMIT;");
        !r) {
        (void)d->db->exec("ROLLBACK");
        return r.error();
    }
    return refresh(progress, cancelled);
}

Result<SearchResult> WorkspaceIndex::search(const SearchQuery &query)
{
    if (auto r = ensureOpen(); !r)
        return r.error();
    Result<SearchResult> result = d->search(query);
    d->remember();
    return result;
}

Result<SearchResult> WorkspaceIndex::Private::search(const SearchQuery &query)
{
    SearchResult result;
    result.finished = true;
    result.fromIndex = true;
    QList<QUuid> albums;
    if (query.albums.isEmpty() && catalogSize >= 0) {
        // Every album: as many as the last refresh counted, without copying
        // the catalog again.
        result.albumsTotal = catalogSize;
    } else {
        Result<detail::AlbumTargets> targets = detail::albumTargets(registry, query.albums);
        if (!targets)
            return targets.error();
        result.failedAlbums = targets->unknown;
        result.albumsTotal = int(targets->albums.size() + targets->unknown.size());
        if (!query.albums.isEmpty() && targets->albums.isEmpty()) {
            result.albumsDone = result.albumsTotal;
            return result;
        }
        if (!query.albums.isEmpty()) {
            for (const detail::AlbumTarget &target : targets->albums)
                albums.append(target.uuid);
        }
    }
    result.albumsDone = result.albumsTotal;
    Result<QList<SearchHit>> hits = detail::searchIndex(*db, query, albums);
    if (!hits)
        return hits.error();
    result.hits = std::move(*hits);
    return result;
}

} // namespace quire
